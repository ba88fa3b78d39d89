using System.Net;

namespace RelayNovel.Soak;

/// <summary>A person at one seat: waits for the baton, types the sentence as a live draft, submits it (retrying with the same submission id).</summary>
public sealed class SimulatedWriter(SoakRoom room, RoomApiClient api, int seat, string key, SoakOptions options, SoakErrors errors,
    LatencyRecorder submitTimes, Random random)
{
    private static readonly string[] Sentences =
    [
        "비가 그치자 골목에 불이 하나둘 켜졌다.", "그녀는 낡은 편지를 다시 펼쳐 읽었다.", "역 앞의 시계가 자정을 알렸다.",
        "아무도 그 문을 열어 본 적이 없었다.", "바람이 창문을 두드리는 소리에 잠이 깼다.", "서점 주인은 말없이 차를 내왔다.",
    ];

    public int Submitted { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        var lastTurns = -1;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var turns = await room.WaitForBatonAsync(seat, lastTurns, ct);
                var think = options.MinThink + (options.MaxThink - options.MinThink) * random.NextDouble();
                var text = $"{Sentences[random.Next(Sentences.Length)]} ({seat + 1}번 자리, {Submitted + 1}번째)";
                await TypeAsync(text, think, ct);
                if (await SubmitAsync(text, $"seat{seat}-{Submitted}", ct) is { } index)
                {
                    Submitted++;
                    lastTurns = index + 1;
                }
                else
                {
                    lastTurns = turns;   // refused: wait for the room to move before trying again
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The soak is over.
        }
    }

    /// <summary>
    /// "Types" the sentence over <paramref name="think"/>: the draft grows a few characters at a time, sent about
    /// every 250 ms as a page would (everyone following the room sees it live).
    /// </summary>
    private async Task TypeAsync(string text, TimeSpan think, CancellationToken ct)
    {
        var steps = Math.Max(1, (int)(think.TotalMilliseconds / 250));
        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(think / steps, ct);
            var draft = text[..(text.Length * step / steps)];
            try
            {
                var answer = await api.UpdateDraftAsync(room.Id, key, draft, ct);
                if (answer.Status != HttpStatusCode.NoContent)
                {
                    errors.Add($"room {room.Id} seat {seat}: draft answered {(int)answer.Status} {answer.ProblemCode}: {answer.ProblemDetail}");
                    return;
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException)
            {
                errors.Add($"room {room.Id} seat {seat}: draft failed: {ex.Message}");
            }
        }
    }

    /// <summary>The committed turn's index, or null when refused. Network failures are retried with the same id.</summary>
    private async Task<int?> SubmitAsync(string text, string submissionId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = DateTimeOffset.UtcNow;
            try
            {
                var answer = await api.SubmitAsync(room.Id, key, text, submissionId, ct);
                submitTimes.Add((DateTimeOffset.UtcNow - started).TotalMilliseconds);
                if (answer.Status == HttpStatusCode.Created)
                {
                    return answer.Body.GetProperty("index").GetInt32();
                }
                // The baton was ours at the last read and only our submit moves it (no timer): any refusal is a fault.
                errors.Add($"room {room.Id} seat {seat}: submit answered {(int)answer.Status} {answer.ProblemCode}: {answer.ProblemDetail}");
                return null;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException)
            {
                errors.Add($"room {room.Id} seat {seat}: submit attempt {attempt} failed: {ex.Message}");
                if (attempt >= 3)
                {
                    return null;
                }
            }
        }
    }
}
