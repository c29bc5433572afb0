namespace ThinPool.Kernel.Tests;

/// <summary>Minimal assertions for the console driver.</summary>
internal static class Check
{
    public static void True(bool condition, string message)
    {
        if (!condition)
        {
            throw new CheckException(message);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new CheckException($"{what}: expected {expected}, got {actual}");
        }
    }

    public static TException Throws<TException>(Action action, string what)
        where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException e)
        {
            return e;
        }

        throw new CheckException($"{what}: expected {typeof(TException).Name}, nothing thrown");
    }

    /// <summary>Polls <paramref name="condition"/> for up to two seconds.</summary>
    public static void Eventually(Func<bool> condition, string message)
    {
        for (int i = 0; i < 200; i++)
        {
            if (condition())
            {
                return;
            }

            Thread.Sleep(10);
        }

        throw new CheckException(message);
    }
}
