namespace RelayNovel.Tests.Infrastructure;

/// <summary>
/// A measurement, not a check: it prints figures and asserts nothing about speed, so CI skips it. It runs when
/// the named environment variable is set (to anything), and the skip reason says how to run it.
/// </summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute(string variable, string purpose)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            Skip = $"set {variable}=1 to {purpose}";
        }
    }
}
