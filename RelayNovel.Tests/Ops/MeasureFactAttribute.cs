namespace RelayNovel.Tests.Ops;

/// <summary>
/// Measurements against a running app (the README's <c>dotnet run --project RelayNovel.Web</c>), not part of CI: they
/// run only when RELAYNOVEL_MEASURE_URL names the app, e.g. http://localhost:5290.
/// </summary>
public sealed class MeasureFactAttribute : FactAttribute
{
    public MeasureFactAttribute()
    {
        if (Url is null)
        {
            Skip = "set RELAYNOVEL_MEASURE_URL=http://localhost:5290 (a running app) to measure it under abuse.";
        }
    }

    public static Uri? Url => Uri.TryCreate(Environment.GetEnvironmentVariable("RELAYNOVEL_MEASURE_URL"), UriKind.Absolute, out var url) ? url : null;
}
