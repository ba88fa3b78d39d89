using System.Collections.Concurrent;
using System.Net;
using RelayNovel.Soak;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Faults;

/// <summary>The app as its own process, killed with SIGKILL mid-work and restarted on the same LiteDB file.</summary>
[Collection(FaultsCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillDuringAiTurn_Restart_AcknowledgedTurnKeptAndAiTurnRegeneratedWhole()
    {
        using var data = new TempDirectory();
        var db = data.File("relaynovel.db");
        const string humanText = "막차가 끊긴 역에서 그는 우산을 폈다.";
        string roomId, shownBeforeKill;
        var seeded = new Dictionary<string, string> { ["AiSeed"] = "1234" };   // both processes draw the same first seed
        using (var first = await ServerProcess.StartAsync(db, TestModels.TinyModelPath, settings: seeded))
        {
            var api = RoomApiClient.For(first.Address);
            (roomId, _) = await api.CreateRoomAsync(new
            {
                title = "충돌 시험", premise = "비 오는 밤", seatPlan = new[] { "human", "ai" }, turnTimerSeconds = 0,
                ai = new { maxTokens = 128, endAtSentence = false, pace = "natural" },   // ~7 s on screen (the most the 256-token model serves)
            });
            var (_, key) = await api.JoinAsync(roomId, "민지");
            var ack = await api.SubmitAsync(roomId, key, humanText, "crash-1");
            Assert.Equal(HttpStatusCode.Created, ack.Status);
            var streaming = await RoomPolling.UntilAsync(api, roomId, r => RoomPolling.AiVisibleText(r) is { Length: >= 10 },
                "the AI turn to stream");
            shownBeforeKill = RoomPolling.AiVisibleText(streaming)!;
            first.Kill();
            Assert.Single(RoomPolling.Turns(streaming));
        }

        using var second = await ServerProcess.StartAsync(db, TestModels.TinyModelPath, settings: seeded);
        var api2 = RoomApiClient.For(second.Address);
        var reopened = await api2.GetRoomAsync(roomId);
        var resumed = await RoomPolling.UntilAsync(api2, roomId, r => RoomPolling.Turns(r).Length >= 2,
            "the interrupted AI turn to be written again and committed", TimeSpan.FromSeconds(90));
        second.Kill();

        var afterKill = RoomPolling.Turns(reopened);
        Assert.Equal(humanText, Assert.Single(afterKill).GetProperty("text").GetString());   // nothing half-committed
        var turns = RoomPolling.Turns(resumed);
        Assert.Equal([0, 1], turns.Select(t => t.GetProperty("index").GetInt32()));
        Assert.Equal("ai", turns[1].GetProperty("kind").GetString());
        using var store = new LiteDbStoryStore(db);   // the file opens outside the app too
        var stored = (await store.StoredTurnsAsync(roomId));
        Assert.Equal([TurnKind.Human, TurnKind.Ai], stored.Select(t => t.Kind));
        var aiTurn = stored[1];
        Assert.NotEqual("Stopped", aiTurn.FinishReason);
        Assert.Equal(aiTurn.Text, string.Concat(aiTurn.TokenChunks.Select(c => c.Text)).Trim());
        Assert.StartsWith(shownBeforeKill.Trim(), aiTurn.Text);   // the same attempt written again from the start, whole
        output.WriteLine($"acknowledged 1 human turn, found {stored.Count(t => t.Kind == TurnKind.Human)}; " +
            $"AI text on screen at the kill: {shownBeforeKill.Length} chars, not stored; regenerated after restart: " +
            $"{aiTurn.Text.Length} chars, finish {aiTurn.FinishReason}");
    }

    [Fact]
    public async Task KillDuringSubmitBurst_Restart_EveryAcknowledgedTurnIsThereExactlyOnce()
    {
        const int rooms = 4, seats = 3, killAfter = 40;
        using var data = new TempDirectory();
        var db = data.File("relaynovel.db");
        var acknowledged = new ConcurrentBag<(string Room, int Index, string Text)>();
        var ids = new List<string>();
        var writers = new List<(string Room, int Seat, string Key)>();
        var inFlight = new ConcurrentDictionary<int, (string Text, string SubmissionId)>();
        var refusedAfterKill = 0;
        using (var first = await ServerProcess.StartAsync(db, Path.Combine(data.Path, "no-model")))
        {
            var api = RoomApiClient.For(first.Address, TimeSpan.FromSeconds(20));
            for (var r = 0; r < rooms; r++)
            {
                var (id, _) = await api.CreateRoomAsync(new { title = $"폭주 {r}", seatPlan = Enumerable.Repeat("human", seats), turnTimerSeconds = 0 });
                ids.Add(id);
                for (var s = 0; s < seats; s++)
                {
                    writers.Add((id, s, (await api.JoinAsync(id, $"작가{s}")).Key));
                }
            }
            using var stop = new CancellationTokenSource();
            var loops = writers.Select((w, i) => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested;)
                {
                    var text = $"{w.Room[..6]} 좌석{w.Seat} 문장{n}.";
                    inFlight[i] = (text, $"{w.Seat}-{n}");
                    try
                    {
                        var answer = await api.SubmitAsync(w.Room, w.Key, text, $"{w.Seat}-{n}", stop.Token);
                        if (answer.Status == HttpStatusCode.Created)
                        {
                            acknowledged.Add((w.Room, answer.Body.GetProperty("index").GetInt32(), text));
                            inFlight.TryRemove(i, out _);
                            n++;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                    {
                        Interlocked.Increment(ref refusedAfterKill);   // the server is gone: whatever was in flight is unknown
                        return;
                    }
                }
            })).ToList();
            await Deadline.UntilAsync(() => acknowledged.Count >= killAfter, "a burst of acknowledged turns", TimeSpan.FromSeconds(90));
            first.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }

        using var second = await ServerProcess.StartAsync(db, Path.Combine(data.Path, "no-model"));
        var api2 = RoomApiClient.For(second.Address);
        var found = new Dictionary<string, int>();
        foreach (var id in ids)
        {
            var texts = await TextsAsync(api2, id);
            found[id] = texts.Count;
            foreach (var ack in acknowledged.Where(a => a.Room == id))
            {
                Assert.True(ack.Index < texts.Count, $"acknowledged turn {ack.Index} of room {id} is missing after the restart");
                Assert.Equal(ack.Text, texts[ack.Index]);
            }
        }

        // The cut-off clients retry with the same submission id: a turn the kill had committed comes back, never twice.
        var (replayed, added, refused) = (0, 0, 0);
        foreach (var (writer, (text, submissionId)) in inFlight)
        {
            var w = writers[writer];
            var retry = await api2.SubmitAsync(w.Room, w.Key, text, submissionId);
            var index = retry.Status == HttpStatusCode.Created ? retry.Body.GetProperty("index").GetInt32() : -1;
            replayed += index >= 0 && index < found[w.Room] ? 1 : 0;
            added += index >= found[w.Room] ? 1 : 0;
            refused += index < 0 ? 1 : 0;
        }
        var total = 0;
        foreach (var id in ids)
        {
            var count = (await TextsAsync(api2, id)).Count;
            // The room goes on: the next writer in seat order holds the baton and can write.
            var holder = writers.Single(w => w.Room == id && w.Seat == count % seats);
            var resumed = await api2.SubmitAsync(id, holder.Key, "그리고 이야기는 계속되었다.", "resume");
            Assert.Equal((HttpStatusCode.Created, count), (resumed.Status, resumed.Body.GetProperty("index").GetInt32()));
            total += count + 1;
        }
        second.Kill();
        using var store = new LiteDbStoryStore(db);
        var storedTurns = new List<IReadOnlyList<TurnRecord>>();
        foreach (var id in ids)
        {
            storedTurns.Add(await store.StoredTurnsAsync(id));
        }
        Assert.Equal(total, storedTurns.Sum(t => t.Count));
        Assert.All(storedTurns, turns => Assert.Equal(turns.Count, turns.Select(t => t.Text).Distinct().Count()));
        output.WriteLine($"{rooms} rooms × {seats} writers: acknowledged {acknowledged.Count} turns before SIGKILL, found {found.Values.Sum()} " +
            $"after restart ({found.Values.Sum() - acknowledged.Count} committed whose answer the kill swallowed); {refusedAfterKill} writers " +
            $"cut off mid-request retried with the same submission id: {replayed} got their already-stored turn back, {added} wrote it now, " +
            $"{refused} were told it is not their turn");
    }

    /// <summary>The room's turn texts by index; fails unless the indices run 0..n-1 and no text appears twice.</summary>
    private static async Task<List<string>> TextsAsync(RoomApiClient api, string roomId)
    {
        var turns = RoomPolling.Turns(await api.GetRoomAsync(roomId));
        Assert.Equal(Enumerable.Range(0, turns.Length), turns.Select(t => t.GetProperty("index").GetInt32()));
        var texts = turns.Select(t => t.GetProperty("text").GetString()!).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        return texts;
    }
}
