namespace RelayNovel.Inference.Scheduling;

/// <summary>
/// The requests waiting for rows, in the order the engine admits them: rooms' lane before the open API's, and
/// round-robin by key within a lane, so a room with many requests cannot starve a room with one. Not thread-safe:
/// the <see cref="BatchScheduler"/> uses it under its lock.
/// </summary>
internal sealed class WaitingLine
{
    private readonly Dictionary<string, Queue<BatchTicket>>[] _lines =
        [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly LinkedList<string>[] _rotation = [new(), new()];   // per lane: keys with waiting requests, next first

    /// <summary>Requests waiting, every lane.</summary>
    public int Count { get; private set; }

    public void Add(BatchTicket ticket)
    {
        var lane = (int)ticket.Lane;
        if (!_lines[lane].TryGetValue(ticket.Key, out var line))
        {
            line = new Queue<BatchTicket>();
            _lines[lane][ticket.Key] = line;
            _rotation[lane].AddLast(ticket.Key);
        }

        line.Enqueue(ticket);
        Count++;
    }

    /// <summary>Takes a request out before its turn; false when it is not waiting (running, done or never added).</summary>
    public bool Remove(BatchTicket ticket)
    {
        var lane = (int)ticket.Lane;
        if (!_lines[lane].TryGetValue(ticket.Key, out var line) || !line.Contains(ticket))
        {
            return false;
        }

        var kept = line.Where(t => !ReferenceEquals(t, ticket)).ToArray();
        line.Clear();
        foreach (var t in kept)
        {
            line.Enqueue(t);
        }

        if (line.Count == 0)
        {
            _lines[lane].Remove(ticket.Key);
            _rotation[lane].Remove(ticket.Key);
        }

        Count--;
        return true;
    }

    /// <summary>
    /// Takes the next request to start, if its rows are free: rooms first (round-robin by key), then the open API within
    /// the rows not reserved for rooms. A room that waits for rows holds the API back, so rooms are never overtaken. A
    /// request its lane can never hold is taken too (<paramref name="tooBig"/>), so that it ends with an error.
    /// </summary>
    public BatchTicket? TakeNext(RowLedger rows, out bool tooBig)
    {
        tooBig = false;
        foreach (var lane in (ReadOnlySpan<GenerationLane>)[GenerationLane.Room, GenerationLane.Api])
        {
            if (Peek(lane) is not { } ticket)
            {
                continue;
            }

            var need = ticket.Request.Alternatives.Count;
            tooBig = rows.NeverFits(lane, need);
            if (!tooBig && !rows.Fits(lane, need))
            {
                return null;
            }

            Dequeue(lane);
            return ticket;
        }

        return null;
    }

    /// <summary>The request whose turn is next in <paramref name="lane"/>, or null when none waits there.</summary>
    private BatchTicket? Peek(GenerationLane lane) =>
        _rotation[(int)lane].First is { } node ? _lines[(int)lane][node.Value].Peek() : null;

    /// <summary>Takes the request <see cref="Peek"/> returned out of the line.</summary>
    private void Dequeue(GenerationLane lane)
    {
        var rotation = _rotation[(int)lane];
        var key = rotation.First!.Value;
        var line = _lines[(int)lane][key];
        line.Dequeue();
        Count--;
        rotation.RemoveFirst();
        if (line.Count == 0)
        {
            _lines[(int)lane].Remove(key);
        }
        else
        {
            rotation.AddLast(key);   // this key had its turn: it goes behind every other waiting key
        }
    }

    /// <summary>Recomputes every waiting request's position (rooms' round-robin order, then the API's); returns those that moved.</summary>
    public List<(BatchTicket Ticket, int Position)> Reposition()
    {
        var moves = new List<(BatchTicket, int)>();
        var position = 0;
        for (var lane = 0; lane < 2; lane++)
        {
            var lines = _rotation[lane].Select(k => _lines[lane][k].ToArray()).ToArray();
            for (var round = 0; ; round++)
            {
                var any = false;
                foreach (var line in lines)
                {
                    if (round >= line.Length)
                    {
                        continue;
                    }

                    any = true;
                    position++;
                    if (line[round].Position != position)
                    {
                        line[round].Position = position;
                        moves.Add((line[round], position));
                    }
                }

                if (!any)
                {
                    break;
                }
            }
        }

        return moves;
    }

    /// <summary>Shutdown: every waiting request ends (as cancelled) and the line is empty.</summary>
    public void EndAll()
    {
        foreach (var lane in _lines)
        {
            foreach (var line in lane.Values)
            {
                foreach (var ticket in line)
                {
                    ticket.EndAll();
                }
            }

            lane.Clear();
        }

        foreach (var rotation in _rotation)
        {
            rotation.Clear();
        }

        Count = 0;
    }
}
