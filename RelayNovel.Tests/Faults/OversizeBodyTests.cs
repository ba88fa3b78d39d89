using System.Net;
using System.Text;
using RelayNovel.Soak;
using RelayNovel.Tests.Checkpoints;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Faults;

/// <summary>A body over Kestrel's size limit, which only the real server (its own process) enforces.</summary>
[Collection(FaultsCollection.Name)]
public sealed class OversizeBodyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TurnBodyOverTheServersLimit_Answers413ProblemAndStoresNothing()
    {
        using var data = new TempDirectory();
        using var server = await ServerProcess.StartAsync(data.File("relaynovel.db"), Path.Combine(data.Path, "no-model"));
        var api = RoomApiClient.For(server.Address);
        var (id, _) = await api.CreateRoomAsync(new { title = "큰 몸", seatPlan = new[] { "human" } });
        var (_, key) = await api.JoinAsync(id, "민지");
        var json = $$"""{"participantKey":"{{key}}","text":"{{new string('a', 31_000_000)}}"}""";

        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/rooms/{id}/turns")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;   // as big uploads do: the refusal comes before the 31 MB are sent
        using var response = await api.Http.SendAsync(request);
        var answer = await ApiAnswer.ReadAsync(response);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "application/problem+json", "TooLarge"),
            (answer.Status, answer.ContentType, answer.ProblemCode));
        Assert.Empty(RoomPolling.Turns(await api.GetRoomAsync(id)));
        output.WriteLine($"31 MB turn: {(int)answer.Status} \"{answer.ProblemDetail}\"");
    }
}
