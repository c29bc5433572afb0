namespace ThinPool.Engine.Pool;

/// <summary>Which way a volume image was copied.</summary>
public enum TransferDirection
{
    /// <summary>From an image file into a volume.</summary>
    Import,

    /// <summary>From a volume into an image file.</summary>
    Export,
}
