using System.Management.Automation;
using ThinPool.Engine;
using ThinPool.Engine.Lvm;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands.Infrastructure;

/// <summary>
/// The one place where a failure becomes an ErrorId and an <see cref="ErrorCategory"/>. Ids
/// are constant PascalCase words a script can match; the message is the exception's, which
/// says what to do.
/// </summary>
internal static class ErrorMap
{
    public static (string Id, ErrorCategory Category) Classify(Exception exception) =>
        exception switch
        {
            PoolOperationException p => Classify(p.Reason),
            OutOfDataSpaceException => ("OutOfDataSpace", ErrorCategory.LimitsExceeded),
            OutOfMetadataSpaceException => ("OutOfMetadataSpace", ErrorCategory.LimitsExceeded),
            MetadataCorruptException => ("MetadataCorrupt", ErrorCategory.InvalidData),
            ThinXmlException => ("InvalidMetadataXml", ErrorCategory.InvalidData),
            TransactionMismatchException => ("TransactionMismatch", ErrorCategory.InvalidOperation),
            DeviceExistsException => ("ThinDeviceExists", ErrorCategory.ResourceExists),
            DeviceNotFoundException => ("ThinDeviceNotFound", ErrorCategory.ObjectNotFound),
            MetadataSnapshotException => ("MetadataSnapshot", ErrorCategory.InvalidOperation),
            LvmRefusedException l => Classify(l.Reason),
            LvmCommandException { ExitCode: < 0 } => ("LvmNotInstalled", ErrorCategory.NotInstalled),
            LvmCommandException => ("LvmCommandFailed", ErrorCategory.InvalidOperation),
            LvmReportFormatException => ("LvmReportInvalid", ErrorCategory.InvalidData),
            Engine.Kernel.KernelDeviceException { IsBusy: true } =>
                ("DeviceBusy", ErrorCategory.ResourceBusy),
            Engine.Kernel.KernelDeviceException =>
                ("KernelDeviceFailed", ErrorCategory.InvalidOperation),
            ThinOperationException => ("ThinOperationFailed", ErrorCategory.InvalidOperation),
            ThinPoolException => ("ThinPoolFailed", ErrorCategory.InvalidOperation),
            UnauthorizedAccessException => ("PermissionDenied", ErrorCategory.PermissionDenied),
            IOException io when io.Message.Contains("permission denied",
                StringComparison.OrdinalIgnoreCase) =>
                ("PermissionDenied", ErrorCategory.PermissionDenied),
            IOException => ("ThinPoolIOError", ErrorCategory.WriteError),
            NotImplementedException => ("NotImplemented", ErrorCategory.NotImplemented),
            _ => ("ThinPoolUnexpectedError", ErrorCategory.NotSpecified),
        };

    public static (string Id, ErrorCategory Category) Classify(PoolErrorReason reason) =>
        reason switch
        {
            PoolErrorReason.PoolExists => ("ThinPoolExists", ErrorCategory.ResourceExists),
            PoolErrorReason.PoolNotFound => ("ThinPoolNotFound", ErrorCategory.ObjectNotFound),
            PoolErrorReason.PoolFilesNotEmpty =>
                ("ThinPoolFilesNotEmpty", ErrorCategory.ResourceExists),
            PoolErrorReason.VolumeExists => ("ThinVolumeExists", ErrorCategory.ResourceExists),
            PoolErrorReason.VolumeNotFound =>
                ("ThinVolumeNotFound", ErrorCategory.ObjectNotFound),
            PoolErrorReason.InvalidName => ("InvalidName", ErrorCategory.InvalidArgument),
            PoolErrorReason.InvalidBlockSize =>
                ("InvalidBlockSize", ErrorCategory.InvalidArgument),
            PoolErrorReason.InvalidSize => ("InvalidSize", ErrorCategory.InvalidArgument),
            PoolErrorReason.ShrinkNotSupported =>
                ("ShrinkNotSupported", ErrorCategory.InvalidArgument),
            PoolErrorReason.MetadataTooLarge =>
                ("MetadataTooLarge", ErrorCategory.LimitsExceeded),
            PoolErrorReason.MinFreeSpaceReached =>
                ("MinFreeSpaceReached", ErrorCategory.LimitsExceeded),
            PoolErrorReason.DeviceIdsExhausted =>
                ("DeviceIdsExhausted", ErrorCategory.LimitsExceeded),
            PoolErrorReason.PoolLocked => ("ThinPoolLocked", ErrorCategory.ResourceBusy),
            PoolErrorReason.RecordMismatch =>
                ("ThinPoolRecordMismatch", ErrorCategory.InvalidData),
            PoolErrorReason.VolumeReadOnly =>
                ("ThinVolumeReadOnly", ErrorCategory.PermissionDenied),
            PoolErrorReason.FileNotFound => ("FileNotFound", ErrorCategory.ObjectNotFound),
            PoolErrorReason.FileExists => ("FileExists", ErrorCategory.ResourceExists),
            PoolErrorReason.NotRegularFile =>
                ("PathNotRegularFile", ErrorCategory.InvalidArgument),
            PoolErrorReason.MetadataMismatch =>
                ("MetadataMismatch", ErrorCategory.InvalidData),
            PoolErrorReason.KernelUnavailable =>
                ("KernelUnavailable", ErrorCategory.ResourceUnavailable),
            PoolErrorReason.PoolNotActive =>
                ("ThinPoolNotActive", ErrorCategory.InvalidOperation),
            PoolErrorReason.PoolActive => ("ThinPoolActive", ErrorCategory.InvalidOperation),
            PoolErrorReason.DeviceBusy => ("DeviceBusy", ErrorCategory.ResourceBusy),
            PoolErrorReason.DeviceHasSignature =>
                ("DeviceHasSignature", ErrorCategory.ResourceExists),
            PoolErrorReason.FileSystemFailed => ("FileSystemFailed", ErrorCategory.WriteError),
            PoolErrorReason.WrongMode => ("WrongPoolMode", ErrorCategory.InvalidOperation),
            PoolErrorReason.InvalidDevice => ("InvalidDevice", ErrorCategory.InvalidArgument),
            _ => ("ThinOperationFailed", ErrorCategory.InvalidOperation),
        };

    public static (string Id, ErrorCategory Category) Classify(LvmRefusalReason reason) =>
        reason switch
        {
            LvmRefusalReason.DeviceHasSignature =>
                ("DeviceHasSignature", ErrorCategory.ResourceExists),
            LvmRefusalReason.PoolInUse => ("LvmThinPoolInUse", ErrorCategory.ResourceBusy),
            LvmRefusalReason.PoolNotFound => ("LvmThinPoolNotFound", ErrorCategory.ObjectNotFound),
            LvmRefusalReason.AlreadyExists => ("LvmObjectExists", ErrorCategory.ResourceExists),
            LvmRefusalReason.DeviceIsPhysicalVolume =>
                ("DeviceIsPhysicalVolume", ErrorCategory.ResourceExists),
            LvmRefusalReason.NoFreeSpace => ("VolumeGroupFull", ErrorCategory.LimitsExceeded),
            LvmRefusalReason.DeviceNotFound => ("DeviceNotFound", ErrorCategory.ObjectNotFound),
            _ => ("ThinOperationFailed", ErrorCategory.InvalidOperation),
        };
}
