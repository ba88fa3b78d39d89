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

    public ValueTask ForgetRoomAsync(string roomId) => js.InvokeVoidAsync("relayNovel.storage.forgetRoom", roomId);

    public ValueTask<string?> GetAsync(string key) => js.InvokeAsync<string?>("relayNovel.storage.get", key);

    public ValueTask SetAsync(string key, string value) => js.InvokeVoidAsync("relayNovel.storage.set", key, value);
}
