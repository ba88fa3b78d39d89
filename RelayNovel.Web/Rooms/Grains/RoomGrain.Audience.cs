using Orleans.Utilities;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>The room's audience: the pages counted in its presence, and the nodes its events are pushed to.</summary>
public sealed partial class RoomGrain
{
    private readonly ObserverManager<IRoomFollower> _followers = new(FollowerLease, logger);

    public Task<long> Follow(IRoomFollower follower)
    {
        if (Known() is null || _broken)
        {
            return Task.FromResult(-1L);
        }
        _followers.Subscribe(follower, follower);
        return Task.FromResult(_lastSeq);
    }

    public Task Unfollow(IRoomFollower follower)
    {
        _followers.Unsubscribe(follower);
        return Task.CompletedTask;
    }

    public async Task<PageTicket?> OpenPage(string? participantKey)
    {
        if (Known() is null || _broken)
        {
            return null;
        }
        var outcome = await ApplyAsync(new OpenPage(participantKey), await ContextAsync());
        return new PageTicket(((PageReply)outcome.Reply!).Bucket, _activation);
    }

    public async Task<bool> ReopenPage(PageTicket ticket)
    {
        if (ticket.Activation != _activation || _state is null || _broken)
        {
            return false;
        }
        await ApplyAsync(new ReopenPage(ticket.Bucket), await ContextAsync());
        return true;
    }

    public async Task ClosePage(PageTicket ticket)
    {
        if (ticket.Activation == _activation && _state is not null && !_broken)
        {
            await ApplyAsync(new ClosePage(ticket.Bucket), await ContextAsync());
        }
    }

    /// <summary>
    /// One message per following node, not awaited: the events are stored already, so a node that misses one (or gets
    /// them out of order) fills the gap from the store by sequence number.
    /// </summary>
    private void Publish(IReadOnlyList<RoomEvent> events)
    {
        if (events.Count == 0 || _followers.Count == 0)
        {
            return;
        }
        var batch = events as RoomEvent[] ?? [.. events];
        try
        {
            _followers.Notify(f => f.OnEvents(batch));
        }
        catch (Exception ex)
        {
            RoomGrainLog.PublishFailed(logger, ex, Id);
        }
    }
}
