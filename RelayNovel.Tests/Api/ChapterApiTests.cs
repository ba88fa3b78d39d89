using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

/// <summary>Issue 15: chapter marks over HTTP — <c>PUT</c>/<c>DELETE /api/rooms/{id}/turns/{index}/chapter</c>, their problems, and SSE.</summary>
public sealed class ChapterApiTests : IDisposable
{
    private readonly RelayNovelAppFactory _app = new();
    private HttpClient? _client;

    private HttpClient Client => _client ??= _app.CreateClient();

    public void Dispose() => _app.Dispose();

    private async Task<RoomSetup> RoomWithTurnsAsync()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, new RoomSettings("장", SeatPlan: [SeatKind.Human, SeatKind.Human]), "민지", "서준");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "둘째 문장.");
        return room;
    }

    private Task<HttpResponseMessage> PutAsync(string roomId, int index, object body) =>
        Client.PutAsJsonAsync($"/api/rooms/{roomId}/turns/{index}/chapter", body);

    [Fact]
    public async Task PutChapter_Owner_AnswersTheMarksAndTheRoomCarriesThem()
    {
        var room = await RoomWithTurnsAsync();

        var put = await PutAsync(room.Id, 1, new { ownerKey = room.Room.OwnerKey, title = "둘째 장" });
        var marks = await put.Content.ReadFromJsonAsync<JsonElement>();
        var read = await Client.GetFromJsonAsync<JsonElement>($"/api/rooms/{room.Id}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal((1, "둘째 장"), (marks[0].GetProperty("turnIndex").GetInt32(), marks[0].GetProperty("title").GetString()));
        Assert.Equal("둘째 장", read.GetProperty("chapters")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task PutChapter_BadRequests_AnswerProblemsAndStoreNothing()
    {
        var room = await RoomWithTurnsAsync();
        var owner = room.Room.OwnerKey;

        await ApiAssert.ProblemAsync(await PutAsync(room.Id, 0, new { ownerKey = room.KeyOf(0) }), HttpStatusCode.Forbidden, "Forbidden");
        await ApiAssert.ProblemAsync(await PutAsync(room.Id, 0, new { }), HttpStatusCode.Forbidden, "Forbidden");
        await ApiAssert.ProblemAsync(await PutAsync(room.Id, 5, new { ownerKey = owner }), HttpStatusCode.BadRequest, "InvalidSettings");
        await ApiAssert.ProblemAsync(await PutAsync(room.Id, 0, new { ownerKey = owner, title = new string('가', 81) }), HttpStatusCode.BadRequest, "TooLong");
        await ApiAssert.ProblemAsync(await PutAsync("AAAAAAAAAAAAAAAAAAAAAA", 0, new { ownerKey = owner }), HttpStatusCode.NotFound, "NotFound");

        Assert.Empty((await _app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Fact]
    public async Task PutChapter_WithdrawnTurn_AnswersAProblem()
    {
        var room = await RoomWithTurnsAsync();
        await _app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(1));

        var put = await PutAsync(room.Id, 1, new { ownerKey = room.Room.OwnerKey });

        var problem = await ApiAssert.ProblemAsync(put, HttpStatusCode.BadRequest, "InvalidSettings");
        Assert.Contains("withdrawn", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteChapter_OwnerKeyInBodyOrHeader_RemovesTheMark_OthersRefused()
    {
        var room = await RoomWithTurnsAsync();
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, "하나");
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 1, "둘");

        var refused = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/rooms/{room.Id}/turns/0/chapter")
        {
            Content = JsonContent.Create(new { ownerKey = room.KeyOf(0) }),
        });
        var byBody = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/rooms/{room.Id}/turns/0/chapter")
        {
            Content = JsonContent.Create(new { ownerKey = room.Room.OwnerKey }),
        });
        var headerRequest = new HttpRequestMessage(HttpMethod.Delete, $"/api/rooms/{room.Id}/turns/1/chapter");
        headerRequest.Headers.Add("X-Owner-Key", room.Room.OwnerKey);
        var byHeader = await Client.SendAsync(headerRequest);

        await ApiAssert.ProblemAsync(refused, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (byBody.StatusCode, byHeader.StatusCode));
        Assert.Equal(1, (await byBody.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Equal(0, (await byHeader.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task Events_ChapterMarked_ArrivesOverSseAsAChaptersEvent()
    {
        var room = await RoomWithTurnsAsync();
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        Assert.Equal("snapshot", (await sse.NextAsync()).GetProperty("type").GetString());

        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 1, "비 오는 밤");
        JsonElement e;
        do
        {
            e = await sse.NextAsync();
        }
        while (e.GetProperty("type").GetString() != "chapters");

        Assert.Equal("비 오는 밤", e.GetProperty("chapters")[0].GetProperty("title").GetString());
        Assert.Equal(1, e.GetProperty("chapters")[0].GetProperty("turnIndex").GetInt32());
        Assert.NotNull(sse.EventId);
    }
}
