using Microsoft.JSInterop;

namespace RelayNovel.Web.Components.Shared;

/// <summary>Typed access to the browser's localStorage through wwwroot/js/relaynovel.js. Only usable after the first interactive render.</summary>
public sealed class BrowserStorage(IJSRuntime js)
{
    public const string DisplayNameKey = "name";
    public const string MutedKey = "muted";
    public const string DarkModeKey = "dark";

    public async Task<IReadOnlyList<RememberedRoom>> GetRoomsAsync() =>
        await js.InvokeAsync<RememberedRoom[]?>("relayNovel.storage.getRooms") ?? [];

    public async Task<RememberedRoom?> GetRoomAsync(string roomId) =>
        (await GetRoomsAsync()).FirstOrDefault(r => r.Id == roomId);

    /// <summary>Adds or updates a room; null keys keep what was stored before.</summary>
    public ValueTask SaveRoomAsync(RememberedRoom room, CancellationToken ct = default) =>
        js.InvokeVoidAsync("relayNovel.storage.saveRoom", ct, room);

    /// <summary>
    /// Saves a room (with its owner key) within a few seconds or gives up: a browser slow to answer (a busy or
    /// reconnecting circuit) must not keep anyone off a room that already exists; only this browser's "my rooms"
    /// entry is then missing.
    /// </summary>
    public async Task SaveRoomBestEffortAsync(RememberedRoom room)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await SaveRoomAsync(room, timeout.Token);
        }
        catch (Exception ex) when (ex is TaskCanceledException or JSException or JSDisconnectedException)
        {
            // The room still opens.
        }
    }

    public ValueTask ForgetRoomAsync(string roomId) => js.InvokeVoidAsync("relayNovel.storage.forgetRoom", roomId);

    public ValueTask<string?> GetAsync(string key) => js.InvokeAsync<string?>("relayNovel.storage.get", key);

    public ValueTask SetAsync(string key, string value) => js.InvokeVoidAsync("relayNovel.storage.set", key, value);
}
