using RelayNovel.Inference.Scheduling;

namespace RelayNovel.Web.Rooms;

/// <summary>How a vote's candidates are generated (one engine request, a row each) and revealed by the room clock.</summary>
public sealed partial class RoomService
{
    private void EnqueueVote(Room room, AiVote vote)
    {
        var first = vote.Candidates[0];
        var seeds = vote.Candidates.Select(c => c.Seed).ToArray();
        if (_model.TryStart(room.Id, GenerationLane.Room, first.Prompt, first.Settings, seeds, first.ReportPosition) is { } job)
        {
            vote.Ticket = job;
            vote.WaitingForSlot = false;
            foreach (var c in vote.Candidates)
            {
                c.QueuePosition = job.Position > 0 ? job.Position : null;
            }
            _ = RunVoteAsync(room, vote, job);
        }
        else
        {
            vote.WaitingForSlot = true;
        }
    }

    /// <summary>All candidates at once: one prompt, prefilled once, one engine row per candidate's seed.</summary>
    private async Task RunVoteAsync(Room room, AiVote vote, AiJob job)
    {
        await job.Started.ConfigureAwait(false);
        lock (room.Gate)
        {
            if (room.Vote != vote || vote.Ticket != job)
            {
                return;
            }
            foreach (var c in vote.Candidates)
            {
                c.State = AiStreamState.Streaming;
                c.QueuePosition = null;
            }
        }
        Publish([new QueueChanged(room.Id, null), new VoteChanged(room.Id, vote.ToView())]);
        await Task.WhenAll(vote.Candidates.Select((c, i) => StreamIntoAsync(room, c, job.ReadAsync(i), () => room.Vote == vote))).ConfigureAwait(false);
    }

    /// <summary>The room clock's beat for a vote: queue position, pacing each candidate, deciding when all is shown.</summary>
    private void TickVote(Room room, AiVote vote, DateTimeOffset now, List<RoomEvent> events)
    {
        var first = vote.Candidates[0];
        var reported = first.TakeReportedPosition();
        var changed = false;
        if (reported >= 0 && first.State == AiStreamState.Queued)
        {
            foreach (var c in vote.Candidates)
            {
                c.QueuePosition = reported > 0 ? reported : null;
            }
            events.Add(new QueueChanged(room.Id, first.QueuePosition));
            changed = true;
        }
        if (vote.WaitingForSlot)
        {
            EnqueueVote(room, vote);
            changed |= !vote.WaitingForSlot;
        }
        foreach (var c in vote.Candidates)
        {
            c.Advance(now, _options.NaturalTokensPerSecond);
            if (c.VisibleLength != c.PublishedVisibleLength)
            {
                c.PublishedVisibleLength = c.VisibleLength;
                changed = true;
            }
            if (c.GenerationDone && c.CaughtUp && c.State != AiStreamState.Finished)
            {
                c.State = AiStreamState.Finished;
                changed = true;
            }
        }
        if (changed)
        {
            events.Add(new VoteChanged(room.Id, vote.ToView()));
        }
        TryDecide(room, vote, events);
    }
}
