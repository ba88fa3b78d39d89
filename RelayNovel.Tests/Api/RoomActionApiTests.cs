using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Rooms;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

/// <summary>
/// The room's actions over HTTP (draft, undo, skip, kick, glossary, show prompt, stop, retry, alternatives and the
/// vote) on the tiny random-weight model: each happy path, and the refusals a program meets.
/// </summary>
public sealed class RoomActionApiTests : AiRoomTestBase
{
    private HttpClient? _client;

    private HttpClient Client => _client ??= App.CreateClient();

    [Fact]
    public async Task PutDraft_BatonHolderIsSeenAndEveryoneElseIsRefused()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지", "서준");

        var typed = await Client.PutAsJsonAsync($"/api/rooms/{room.Id}/draft", new { participantKey = room.Keys[0], text = "기차가" });
        var outOfTurn = await Client.PutAsJsonAsync($"/api/rooms/{room.Id}/draft", new { participantKey = room.Keys[1], text = "새치기" });
        var stranger = await Client.PutAsJsonAsync($"/api/rooms/{room.Id}/draft", new { participantKey = "nobody", text = "?" });
        var huge = await Client.PutAsJsonAsync($"/api/rooms/{room.Id}/draft", new { participantKey = room.Keys[0], text = new string('가', 4_001) });

        Assert.Equal(HttpStatusCode.NoContent, typed.StatusCode);
        await ApiAssert.ProblemAsync(outOfTurn, HttpStatusCode.Conflict, "NotYourTurn");
        await ApiAssert.ProblemAsync(stranger, HttpStatusCode.Forbidden, "Forbidden");
        await ApiAssert.ProblemAsync(huge, HttpStatusCode.BadRequest, "TooLong");
        Assert.Equal("기차가", (await ReadRoomAsync(room.Id)).GetProperty("currentDraft").GetString());
    }

    [Fact]
    public async Task PostUndo_AuthorTakesBackTheLastTurnOnce_OthersAreRefused()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지", "서준");
        await SubmitAsync(room.Id, room.Keys[0], "기차가 멈췄다.");
        var before = await ReadRoomAsync(room.Id);

        var other = await PostAsync(room.Id, "turns/undo", new { participantKey = room.Keys[1] });
        var undone = await PostAsync(room.Id, "turns/undo", new { participantKey = room.Keys[0] });
        var again = await PostAsync(room.Id, "turns/undo", new { participantKey = room.Keys[0] });

        Assert.Equal(0, before.GetProperty("undoableTurnIndex").GetInt32());
        await ApiAssert.ProblemAsync(other, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        Assert.True((await undone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("withdrawn").GetBoolean());
        await ApiAssert.ProblemAsync(again, HttpStatusCode.Conflict, "TooLate");
        var after = await ReadRoomAsync(room.Id);
        Assert.Equal(0, after.GetProperty("batonSeatIndex").GetInt32());
        Assert.True(after.GetProperty("turns")[0].GetProperty("withdrawn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("undoableTurnIndex").ValueKind);
    }

    [Fact]
    public async Task PostLeaveAndTakeSeat_WriterGetsUpAndSitsAgainWithTheSameKey()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지", "서준");

        var left = await PostAsync(room.Id, "seats/leave", new { participantKey = room.Keys[1] });
        var leftAgain = await PostAsync(room.Id, "seats/leave", new { participantKey = room.Keys[1] });
        var seatAfterLeaving = (await Rooms.GetAsync(room.Id))!.Seats[1];
        var stranger = await PostAsync(room.Id, "seats/take", new { participantKey = "nobody" });
        var taken = await PostAsync(room.Id, "seats/take", new { participantKey = room.Keys[1], seatIndex = 1 });
        var takenAgain = await PostAsync(room.Id, "seats/take", new { participantKey = room.Keys[1] });

        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        await ApiAssert.ProblemAsync(leftAgain, HttpStatusCode.BadRequest, "InvalidSettings");   // watching: no seat to leave
        Assert.Equal(PresenceState.Empty, seatAfterLeaving.Presence);
        await ApiAssert.ProblemAsync(stranger, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(1, (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seatIndex").GetInt32());
        await ApiAssert.ProblemAsync(takenAgain, HttpStatusCode.Conflict, "SeatTaken");
        Assert.NotEqual(PresenceState.Empty, (await Rooms.GetAsync(room.Id))!.Seats[1].Presence);
    }

    [Fact]
    public async Task OwnerRoutes_NeedTheOwnerKey_ThenSkipKickAndGlossaryWork()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지", "서준");
        var entries = new[] { new { name = "민지", line = "낡은 서점의 주인." } };

        var skipByWriter = await PostAsync(room.Id, "skip", new { ownerKey = room.Keys[0] });
        var glossaryByWriter = await Client.PutAsJsonAsync($"/api/rooms/{room.Id}/glossary", new { ownerKey = room.Keys[0], entries });
        var promptByWriter = await GetPromptAsync(room.Id, room.Keys[0]);
        var badGlossary = await Client.PutAsJsonAsync($"/api/rooms/{room.Id}/glossary",
            new { ownerKey = room.OwnerKey, entries = new[] { new { name = "", line = "이름 없는 줄" } } });
        var unchanged = await ReadRoomAsync(room.Id);
        var skip = await PostAsync(room.Id, "skip", new { ownerKey = room.OwnerKey });
        var glossary = await Client.PutAsJsonAsync($"/api/rooms/{room.Id}/glossary", new { ownerKey = room.OwnerKey, entries });
        var kick = await PostAsync(room.Id, "seats/1/kick", new { ownerKey = room.OwnerKey });
        var kickedWrites = await PostAsync(room.Id, "turns", new { participantKey = room.Keys[1], text = "아직 여기 있다." });
        // The kicked seat held the baton, so it passes to the AI, which builds its prompt (the tiny test model's
        // tokenizer knows no Korean, so the text it was sent is mostly <unk>: only its presence is checked here).
        await Deadline.UntilAsync(async () => (await Rooms.GetPromptTextAsync(room.Id, room.OwnerKey)) is not null, "the AI's prompt");
        var prompt = await GetPromptAsync(room.Id, room.OwnerKey);

        await ApiAssert.ProblemAsync(skipByWriter, HttpStatusCode.Forbidden, "Forbidden");
        await ApiAssert.ProblemAsync(glossaryByWriter, HttpStatusCode.Forbidden, "Forbidden");
        await ApiAssert.ProblemAsync(promptByWriter, HttpStatusCode.Forbidden, "Forbidden");
        await ApiAssert.ProblemAsync(badGlossary, HttpStatusCode.BadRequest, "InvalidSettings");
        Assert.Empty(unchanged.GetProperty("turns").EnumerateArray());
        Assert.Empty(unchanged.GetProperty("glossary").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, skip.StatusCode);
        Assert.Equal(HttpStatusCode.OK, glossary.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, kick.StatusCode);
        await ApiAssert.ProblemAsync(kickedWrites, HttpStatusCode.Conflict, "NotYourTurn");   // the seat is no longer theirs
        Assert.Equal(HttpStatusCode.OK, prompt.StatusCode);
        Assert.False(string.IsNullOrEmpty((await prompt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()));
        var after = await ReadRoomAsync(room.Id);
        Assert.Equal("skipped", after.GetProperty("turns")[0].GetProperty("kind").GetString());
        Assert.Equal("낡은 서점의 주인.", after.GetProperty("glossary")[0].GetProperty("line").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("seats")[1].GetProperty("name").ValueKind);
    }

    [Fact]
    public async Task AlternativesVoteAndRetry_OverHttp_CommitTheWinnerAndKeepTheRestAsAlternatives()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지", "서준");
        Keep(await Rooms.ConnectAsync(room.Id, room.Keys[0]));
        var log = Keep(await RoomEventLog.StartAsync(App.Broadcaster, room.Id));
        HttpResponseMessage asked;
        using (await QueueBlocker.HoldAsync(App))
        {
            await SubmitAsync(room.Id, room.Keys[0], "첫 문장.");
            await SubmitAsync(room.Id, room.Keys[1], "둘째 문장.");
            asked = await PostAsync(room.Id, "ai/alternatives", new { participantKey = room.Keys[1], count = 2 });
        }
        await log.WaitForAsync<VoteChanged>(v => v.Vote.AllShown, Patience);
        var vote = (await ReadRoomAsync(room.Id)).GetProperty("vote");

        var first = await PostAsync(room.Id, "vote", new { participantKey = room.Keys[0], candidate = 1 });
        var twice = await PostAsync(room.Id, "vote", new { participantKey = room.Keys[0], candidate = 0 });
        var noCandidate = await PostAsync(room.Id, "vote", new { participantKey = room.Keys[1] });
        var second = await PostAsync(room.Id, "vote", new { participantKey = room.Keys[1], candidate = 1 });
        var won = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        var retry = await PostAsync(room.Id, "ai/retry", new { participantKey = room.Keys[1] });
        var retried = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat && t.Turn.AlternativeCount == 2, Patience);

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(2, vote.GetProperty("candidates").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await ApiAssert.ProblemAsync(twice, HttpStatusCode.Conflict, "AlreadyVoted");
        await ApiAssert.ProblemAsync(noCandidate, HttpStatusCode.BadRequest, "InvalidSettings");
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(1, won.Turn.AlternativeCount);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(won.Turn.Index, retried.Turn.Index);
        var turns = (await ReadRoomAsync(room.Id)).GetProperty("turns");
        Assert.Equal(3, turns.GetArrayLength());
        Assert.Equal(2, turns[2].GetProperty("alternativeCount").GetInt32());
    }

    [Fact]
    public async Task PostStop_WhileTheAiWrites_WhatWasShownBecomesTheTurn()
    {
        var slow = new AiSettings(MaxTokens: 128, EndAtSentence: false, Pace: AiPace.Natural);
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, slow, "민지");
        Keep(await Rooms.ConnectAsync(room.Id, room.Keys[0]));
        var log = Keep(await RoomEventLog.StartAsync(App.Broadcaster, room.Id));
        var early = await PostAsync(room.Id, "ai/stop", new { participantKey = room.Keys[0] });
        await SubmitAsync(room.Id, room.Keys[0], "첫 문장.");
        await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);

        var stranger = await PostAsync(room.Id, "ai/stop", new { participantKey = "nobody" });
        var stop = await PostAsync(room.Id, "ai/stop", new { participantKey = room.Keys[0] });
        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);

        Assert.False(early.IsSuccessStatusCode);
        await ApiAssert.ProblemAsync(stranger, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        Assert.NotEqual("", committed.Turn.Text);
        Assert.Equal(TurnKind.Ai, committed.Turn.Kind);
    }

    private Task<HttpResponseMessage> PostAsync(string roomId, string action, object body) =>
        Client.PostAsJsonAsync($"/api/rooms/{roomId}/{action}", body);

    private async Task SubmitAsync(string roomId, string key, string text) =>
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(roomId, "turns", new { participantKey = key, text })).StatusCode);

    private Task<HttpResponseMessage> GetPromptAsync(string roomId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/rooms/{roomId}/prompt");
        request.Headers.Add("X-Owner-Key", key);
        return Client.SendAsync(request);
    }

    private Task<JsonElement> ReadRoomAsync(string roomId) => Client.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");
}
