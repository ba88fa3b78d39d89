using System.Collections.Concurrent;

namespace RelayNovel.Soak;

/// <summary>Everything that went wrong, counted, with the first few messages kept for the report.</summary>
public sealed class SoakErrors
{
    private const int Kept = 20;
    private readonly ConcurrentQueue<string> _first = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<string> First => [.. _first];

    public void Add(string what)
    {
        if (Interlocked.Increment(ref _count) <= Kept)
        {
            _first.Enqueue($"{DateTime.UtcNow:HH:mm:ss} {what}");
        }
    }
}
