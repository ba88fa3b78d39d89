using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;

namespace RelayNovel.Tests.Api;

/// <summary>The event-stream writer on its own: ids, and heartbeats that leave nothing behind.</summary>
public sealed class ServerSentEventsTests
{
    [Fact]
    public async Task Pump_ItemsArriveWhileWaitingForAHeartbeat_LeavesNoHeartbeatTimerBehind()
    {
        var time = new CountingTimeProvider();
        var (sse, _) = await StartAsync();
        var items = Channel.CreateUnbounded<int>();
        const int count = 50;
        var producer = Task.Run(async () =>
        {
            for (var i = 1; i <= count; i++)
            {
                var waiting = i;
                // Each item comes only once the pump is waiting for it with a heartbeat armed.
                await Deadline.UntilAsync(() => time.Created >= waiting, $"the pump's wait #{waiting}");
                await items.Writer.WriteAsync(i);
            }
            items.Writer.Complete();
        });

        var written = 0;
        await sse.PumpAsync(items.Reader.ReadAllAsync(), (_, _) => Task.FromResult(++written > 0), TimeSpan.FromMinutes(15), time, CancellationToken.None);
        await producer;

        Assert.Equal(count, written);
        Assert.Equal(0, time.Alive);   // before the fix, one 15-minute delay per wake-up stayed armed
    }

    [Fact]
    public async Task Event_WithAnId_WritesTheIdLineBeforeTheData()
    {
        var (sse, body) = await StartAsync();

        await sse.EventAsync(new { type = "draft" }, 42, CancellationToken.None);
        await sse.EventAsync(new { type = "presence" }, id: null, CancellationToken.None);

        Assert.Equal("id: 42\ndata: {\"type\":\"draft\"}\n\ndata: {\"type\":\"presence\"}\n\n", Encoding.UTF8.GetString(body.ToArray()));
    }

    private static async Task<(ServerSentEvents Sse, MemoryStream Body)> StartAsync()
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        return (await ServerSentEvents.StartAsync(context, JsonSerializerOptions.Web), body);
    }
}
