using System.Net;
using System.Net.Http.Json;
using RelayNovel.Soak;
using RelayNovel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Faults;

/// <summary>Many clients at once over HTTP: the baton and the seats go to exactly one of them, with a clear answer for the rest.</summary>
public sealed class RaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = new();
    private RoomApiClient _api = null!;

    public Task InitializeAsync()
    {
        _api = new RoomApiClient(_app.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HundredConcurrentSubmitsPerTurn_FiveTurns_ExactlyOneAcceptedEachAndTheRestToldNotYourTurn()
    {
        const int seats = 4, rounds = 5, clients = 100;
        var (id, _) = await _api.CreateRoomAsync(new { title = "경주", seatPlan = Enumerable.Repeat("human", seats), turnTimerSeconds = 0 });
        var keys = new List<string>();
        for (var s = 0; s < seats; s++)
        {
            keys.Add((await _api.JoinAsync(id, $"작가{s + 1}")).Key);
        }

        var refusals = new List<ApiAnswer>();
        for (var round = 0; round < rounds; round++)
        {
            var holder = round % seats;
            var bystanders = Enumerable.Range(0, seats).Where(s => s != holder && s != (holder + 1) % seats).ToArray();
            // Half the clients hold the baton's key (each with its own submission id), half hold seats that won't get it next.
            var senders = Enumerable.Range(0, clients).Select(c => c % 2 == 0
                ? (Key: keys[holder], Text: $"{round}번째 차례, 작가{holder + 1}의 시도 {c}.", Id: $"r{round}-c{c}")
                : (Key: keys[bystanders[c / 2 % bystanders.Length]], Text: $"{round}번째 차례 새치기 {c}.", Id: $"r{round}-c{c}"))
                .ToList();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sends = senders.Select(async s =>
            {
                await start.Task;
                return await _api.SubmitAsync(id, s.Key, s.Text, s.Id);
            }).ToList();
            start.SetResult();
            var answers = await Task.WhenAll(sends);

            var accepted = Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
            Assert.Equal(round, accepted.Body.GetProperty("index").GetInt32());
            Assert.Equal(holder, accepted.Body.GetProperty("seatIndex").GetInt32());
            refusals.AddRange(answers.Where(a => a.Status != HttpStatusCode.Created));
        }

        Assert.All(refusals, r =>
        {
            Assert.Equal((HttpStatusCode.Conflict, "NotYourTurn"), (r.Status, r.ProblemCode));
            Assert.Contains("not your turn", r.ProblemDetail, StringComparison.OrdinalIgnoreCase);
        });
        var turns = RoomPolling.Turns(await _api.GetRoomAsync(id));
        Assert.Equal(Enumerable.Range(0, rounds), turns.Select(t => t.GetProperty("index").GetInt32()));
        Assert.Equal(Enumerable.Range(0, rounds).Select(r => r % seats), turns.Select(t => t.GetProperty("seatIndex").GetInt32()));
        output.WriteLine($"{rounds} turns × {clients} concurrent submits: {rounds} accepted, {refusals.Count} refused with 409 NotYourTurn " +
            $"(\"{refusals[0].ProblemDetail}\")");
    }

    [Fact]
    public async Task ConcurrentRetriesOfOneSubmission_AllGetTheSameTurnAndItIsStoredOnce()
    {
        var (id, _) = await _api.CreateRoomAsync(new { title = "재시도", seatPlan = new[] { "human", "human" }, turnTimerSeconds = 0 });
        var (_, key) = await _api.JoinAsync(id, "민지");
        await _api.JoinAsync(id, "서준");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _api.SubmitAsync(id, key, "한 번만.", "same-id"))));

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Created, 0), (a.Status, a.Body.GetProperty("index").GetInt32())));
        Assert.Single(RoomPolling.Turns(await _api.GetRoomAsync(id)));
    }

    [Fact]
    public async Task ConcurrentJoinsForTheLastFreeSeat_ExactlyOneSitsAndTheRestAreToldItIsTaken()
    {
        const int joiners = 40;
        var (id, _) = await _api.CreateRoomAsync(new { title = "마지막 자리", seatPlan = new[] { "human", "human", "ai" }, turnTimerSeconds = 0 });
        await _api.JoinAsync(id, "먼저 온 사람");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var joins = Enumerable.Range(0, joiners).Select(async i =>
        {
            await start.Task;
            // Half ask for seat 2 by number, half for any free seat.
            var body = i % 2 == 0 ? (object)new { name = $"손님{i}", seatIndex = 1 } : new { name = $"손님{i}" };
            using var response = await _api.Http.PostAsJsonAsync($"api/rooms/{id}/seats", body);
            return (Name: $"손님{i}", Answer: await ApiAnswer.ReadAsync(response));
        }).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(joins);

        var winner = Assert.Single(answers, a => a.Answer.Status == HttpStatusCode.Created);
        Assert.Equal(1, winner.Answer.Body.GetProperty("seatId").GetInt32());
        var losers = answers.Where(a => a.Answer.Status != HttpStatusCode.Created).Select(a => a.Answer).ToList();
        Assert.All(losers, l =>
        {
            Assert.Equal(HttpStatusCode.Conflict, l.Status);
            Assert.Contains(l.ProblemCode, new[] { "RoomFull", "SeatTaken" });
            Assert.False(string.IsNullOrWhiteSpace(l.ProblemDetail));
        });
        var room = await _api.GetRoomAsync(id);
        Assert.Equal(winner.Name, room.GetProperty("seats")[1].GetProperty("name").GetString());
        output.WriteLine($"{joiners} concurrent joins for 1 seat: 1 seated, {losers.Count(l => l.ProblemCode == "SeatTaken")} told SeatTaken, " +
            $"{losers.Count(l => l.ProblemCode == "RoomFull")} told RoomFull (\"{losers[0].ProblemDetail}\")");
    }
}
