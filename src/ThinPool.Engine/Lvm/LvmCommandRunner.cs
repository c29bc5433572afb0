namespace ThinPool.Engine.Lvm;

/// <summary>
/// The one place that runs lvm2's commands and the few helpers around them (<c>wipefs</c>).
/// lvm2 has no stable C API, so its command-line tools are the interface; every call passes
/// an argument list (never a shell line), captures both streams, and turns a non-zero exit
/// into an <see cref="LvmCommandException"/> that names the command, its arguments and
/// lvm's own error text.
/// </summary>
/// <remarks>
/// <para>LVM_SUPPRESS_FD_WARNINGS is always set: a PowerShell host leaks descriptors into
/// children, and lvm would print a warning for each one.</para>
/// <para>When <c>DM_DISABLE_UDEV=1</c> is set (a system without udevd, such as the test VM)
/// the runner also passes <c>--config</c> telling lvm not to wait for udev or ask it for the
/// device list; lvm then creates the /dev nodes itself.</para>
/// </remarks>
public sealed class LvmCommandRunner
{
    /// <summary>The configuration override used where udev does not run.</summary>
    public const string NoUdevConfig =
        "devices { obtain_device_list_from_udev=0 } activation { udev_sync=0 udev_rules=0 }";

    private static readonly HashSet<string> QueryCommands = new(StringComparer.Ordinal)
    {
        "pvs", "vgs", "lvs", "lvmconfig", "wipefs-probe",
    };

    private readonly IProcessRunner _processes;
    private readonly Dictionary<string, string> _environment;

    /// <summary>Creates a runner.</summary>
    /// <param name="processes">Starts the programs; <see cref="SystemProcessRunner"/> for real
    /// use.</param>
    /// <param name="sink">Receives each command line before it runs.</param>
    /// <param name="withoutUdev">Pass <see cref="NoUdevConfig"/> to every lvm command; null
    /// decides from the <c>DM_DISABLE_UDEV</c> environment variable.</param>
    public LvmCommandRunner(IProcessRunner processes, ILvmSink? sink = null, bool? withoutUdev = null)
    {
        _processes = processes;
        Sink = sink ?? NullLvmSink.Instance;
        WithoutUdev = withoutUdev ?? Environment.GetEnvironmentVariable("DM_DISABLE_UDEV") == "1";
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LVM_SUPPRESS_FD_WARNINGS"] = "1",
            ["LC_ALL"] = "C",
        };
    }

    /// <summary>Where command lines and warnings are reported.</summary>
    public ILvmSink Sink { get; }

    /// <summary>Whether lvm commands are told not to rely on udev.</summary>
    public bool WithoutUdev { get; }

    /// <summary>Runs an lvm2 command (<c>pvcreate</c>, <c>lvs</c>, ...) and returns its
    /// stdout.</summary>
    /// <param name="command">The lvm2 command name; it is run as <c>lvm COMMAND ...</c> so
    /// one binary is needed.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>What it wrote to stdout.</returns>
    /// <exception cref="LvmCommandException">It could not start or exited non-zero.</exception>
    public string RunLvm(string command, params string[] arguments)
    {
        var argv = new List<string>(arguments.Length + 3) { command };
        if (WithoutUdev)
        {
            argv.Add("--config");
            argv.Add(NoUdevConfig);
        }

        argv.AddRange(arguments);
        Report(command, arguments);
        return Execute("lvm", argv, command, arguments);
    }

    /// <summary>Runs a helper tool that is not part of lvm2 (<c>wipefs</c>).</summary>
    /// <param name="tool">The program name.</param>
    /// <param name="changesState">Whether the call changes the system (reported as a
    /// change rather than a query).</param>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>What it wrote to stdout.</returns>
    /// <exception cref="LvmCommandException">It could not start or exited non-zero.</exception>
    public string RunTool(string tool, bool changesState, params string[] arguments)
    {
        Report(changesState ? tool : tool + "-probe", arguments, tool);
        return Execute(tool, arguments, tool, arguments);
    }

    private void Report(string kind, string[] arguments, string? shown = null)
    {
        string line = (shown ?? kind) + (arguments.Length == 0 ? "" : " " + string.Join(' ', arguments));
        if (QueryCommands.Contains(kind))
        {
            Sink.Queried(line);
        }
        else
        {
            Sink.Changed(line);
        }
    }

    private string Execute(string fileName, IReadOnlyList<string> argv, string command,
        string[] shownArguments)
    {
        ProcessResult result;
        try
        {
            result = _processes.Run(fileName, argv, _environment);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception
            or InvalidOperationException or IOException)
        {
            throw new LvmCommandException(command, shownArguments, -1,
                $"{ex.Message} (is lvm2 installed?)", ex);
        }

        if (result.ExitCode != 0)
        {
            throw new LvmCommandException(command, shownArguments, result.ExitCode,
                result.StandardError.Trim());
        }

        return result.StandardOutput;
    }
}
