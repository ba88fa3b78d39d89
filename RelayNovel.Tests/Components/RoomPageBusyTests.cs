using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Rooms;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>A full generation queue: the page says the AI is busy and how long the queue is, and nothing hangs.</summary>
public sealed class RoomPageBusyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RoomPage_QueueFull_SaysTheAiIsBusyWithTheQueueLength_ThenTheAiWrites()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath).Set("RelayNovel:QueueCapacity", "1");
        var quick = new AiSettings(MaxTokens: 4, EndAtSentence: false, Pace: AiPace.AsGenerated);
        var room = await AiRoom.CreateAsync(app.Rooms, ownerSeated: false, quick, "민지");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.Keys[0]);
        var blocker = await QueueBlocker.HoldAsync(app);
        Assert.True(app.Services.GetRequiredService<BatchScheduler>().TryEnqueue(
            GenerationRequest.Single("filler", GenerationLane.Room, [0], new GenerationOptions { MaxNewTokens = 1 }), out _));

        await app.Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "첫 문장.", null);
        cut.WaitForAssertion(() => Assert.Contains("(1/1)", cut.Find("[data-testid=ai-busy]").TextContent), Wait);
        var busy = (await app.Rooms.GetAsync(room.Id))!.AiBusy;
        blocker.Release();

        Assert.Equal(new AiQueueLoad(1, 1), busy);
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=turn]"), t => t.GetAttribute("data-author-kind") == "ai"), Wait);
        Assert.Empty(cut.FindAll("[data-testid=ai-busy]"));
        Assert.Null((await app.Rooms.GetAsync(room.Id))!.AiBusy);
    }
}
