using Microsoft.JSInterop;

namespace RelayNovel.Web.Components.Shared;

/// <summary>
/// The viewer's time zone, read from the browser (the server's clock says nothing about where the reader is):
/// the IANA zone when the browser names one the server knows, else the browser's current UTC offset.
/// </summary>
public static class ViewerTimeZone
{
    /// <summary>Null when the browser can't be asked (prerendering, a closed circuit): times then stay in UTC.</summary>
    public static async Task<TimeZoneInfo?> GetAsync(IJSRuntime js)
    {
        BrowserZone? zone;
        try
        {
            zone = await js.InvokeAsync<BrowserZone?>("relayNovel.time.zone");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
        if (zone is null)
        {
            return null;
        }
        if (zone.Id is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var known))
        {
            return known;
        }
        var offset = TimeSpan.FromMinutes(Math.Clamp(zone.OffsetMinutes, -14 * 60, 14 * 60));
        var name = $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}";
        return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
    }

    /// <summary>What relayNovel.time.zone returns: <c>Intl</c>'s zone name and minutes east of UTC now.</summary>
    public sealed record BrowserZone(string? Id, int OffsetMinutes);
}
