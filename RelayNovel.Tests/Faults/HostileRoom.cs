using System.Net.Http.Json;
using System.Text;
using RelayNovel.Soak;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Faults;

/// <summary>
/// The rooms hostile input is thrown at: <see cref="Id"/> with 민지 holding the baton, 서준 next, and a writer the owner
/// removed; <see cref="OtherRoomKey"/> belongs to a second room.
/// </summary>
public sealed class HostileRoom
{
    private HostileRoom(HttpClient http) => Http = http;

    public HttpClient Http { get; }
    public string Id { get; private set; } = "";
    public string OwnerKey { get; private set; } = "";
    public string HolderKey { get; private set; } = "";
    public string NextKey { get; private set; } = "";
    public string KickedKey { get; private set; } = "";
    public string OtherRoomId { get; private set; } = "";
    public string OtherRoomKey { get; private set; } = "";

    public static async Task<HostileRoom> CreateAsync(RelayNovelAppFactory app)
    {
        var room = new HostileRoom(app.CreateClient());
        var api = new RoomApiClient(room.Http);
        (room.Id, room.OwnerKey) = await api.CreateRoomAsync(new { title = "방어 시험", seatPlan = new[] { "human", "human", "human" }, turnTimerSeconds = 0 });
        room.HolderKey = (await api.JoinAsync(room.Id, "민지")).Key;
        room.NextKey = (await api.JoinAsync(room.Id, "서준")).Key;
        room.KickedKey = (await api.JoinAsync(room.Id, "쫓겨날 사람")).Key;
        await app.Rooms.KickAsync(room.Id, room.OwnerKey, 2);   // what the owner's panel does
        (room.OtherRoomId, _) = await api.CreateRoomAsync(new { title = "다른 방" });
        room.OtherRoomKey = (await api.JoinAsync(room.OtherRoomId, "남")).Key;
        return room;
    }

    public Task<HttpResponseMessage> CreateRoom(object body) => Http.PostAsJsonAsync("api/rooms", body);

    public Task<HttpResponseMessage> CreateRoomRaw(string json) => Http.PostAsync("api/rooms", Json(json));

    /// <summary>A turn from the baton holder unless another key is given.</summary>
    public Task<HttpResponseMessage> Submit(string text, string? key = null, string? submissionId = null) =>
        Http.PostAsJsonAsync($"api/rooms/{Id}/turns", new { participantKey = key ?? HolderKey, text, submissionId });

    public Task<HttpResponseMessage> SubmitRaw(string textJson) =>
        Http.PostAsync($"api/rooms/{Id}/turns", Json($$"""{"participantKey":"{{HolderKey}}","text":{{textJson}}}"""));

    public Task<HttpResponseMessage> SubmitBytes(byte[] textUtf8)
    {
        var head = Encoding.UTF8.GetBytes("{\"participantKey\":\"" + HolderKey + "\",\"text\":\"");
        var body = head.Concat(textUtf8).Concat("\"}"u8.ToArray()).ToArray();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return Http.PostAsync($"api/rooms/{Id}/turns", content);
    }

    /// <summary>A room action route under <c>api/rooms/{Id}/</c> with a JSON body.</summary>
    public Task<HttpResponseMessage> Action(HttpMethod method, string path, object body) =>
        Http.SendAsync(new HttpRequestMessage(method, $"api/rooms/{Id}/{path}") { Content = JsonContent.Create(body) });

    public Task<HttpResponseMessage> Glossary(string ownerKey, params object[] entries) =>
        Action(HttpMethod.Put, "glossary", new { ownerKey, entries });

    public Task<HttpResponseMessage> Join(object body) => Http.PostAsJsonAsync($"api/rooms/{Id}/seats", body);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>What a refused request must leave unchanged: the turns and the seats of both rooms.</summary>
    public async Task<string> StateAsync()
    {
        var api = new RoomApiClient(Http);
        var a = await api.GetRoomAsync(Id);
        var b = await api.GetRoomAsync(OtherRoomId);
        return $"{a.GetProperty("turns")}|{a.GetProperty("seats")}|{a.GetProperty("batonSeatIndex")}|{b.GetProperty("turns")}|{b.GetProperty("seats")}";
    }
}
