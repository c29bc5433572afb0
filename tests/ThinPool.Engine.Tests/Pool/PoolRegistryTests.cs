using ThinPool.Engine.Pool;
using Xunit;

namespace ThinPool.Engine.Tests.Pool;

public sealed class PoolRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tp-registry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ARegisteredPoolIsFoundByName()
    {
        var registry = new PoolRegistry(Path.Combine(_dir, "reg"));
        registry.Register("tp", "/srv/tp");
        Assert.Equal("/srv/tp", registry.Find("tp"));
    }

    [Fact]
    public void PoolsAreListedByName()
    {
        var registry = new PoolRegistry(_dir);
        registry.Register("b", "/b");
        registry.Register("a", "/a");
        Assert.Equal(new[] { "a", "b" }, registry.List().Select(e => e.Key));
    }

    [Fact]
    public void AnUnregisteredPoolIsNotFound()
    {
        var registry = new PoolRegistry(_dir);
        registry.Register("tp", "/srv/tp");
        registry.Unregister("tp");
        Assert.Null(registry.Find("tp"));
    }

    [Fact]
    public void TheEnvironmentVariableOverridesTheDefault()
    {
        Environment.SetEnvironmentVariable(PoolRegistry.EnvironmentVariable, _dir);
        try
        {
            Assert.Equal(_dir, PoolRegistry.DefaultDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(PoolRegistry.EnvironmentVariable, null);
        }
    }
}
