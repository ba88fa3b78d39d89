namespace RelayNovel.Web.Hosting;

/// <summary>
/// Names the web app's assembly for <c>WebApplicationFactory&lt;T&gt;</c>. The tests also see the CLI's internal
/// <c>Program</c> (InternalsVisibleTo), so <c>Program</c> alone is ambiguous there.
/// </summary>
public sealed class WebAppMarker;
