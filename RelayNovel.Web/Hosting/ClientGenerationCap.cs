using System.Net;
using Microsoft.Extensions.Options;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// How many generations (running or waiting in the queue) each client address holds through the open model API
/// (<c>/v1</c>, <c>/api/continue</c>). A request holds its place from admission until its answer ends (a stream's
/// last event included), so one client with many connections cannot fill the queue the rooms' AI seats wait in.
/// </summary>
public sealed class ClientGenerationCap(IOptions<RelayNovelOptions> options)
{
    private readonly int _cap = options.Value.GenerationsPerClient;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);

    public int Cap => _cap;

    /// <summary>Generations <paramref name="address"/> holds now (tests, measurements).</summary>
    public int HeldBy(IPAddress? address)
    {
        lock (_gate)
        {
            return _held.GetValueOrDefault(ClientWriteLimiter.KeyOf(address));
        }
    }

    /// <summary>A place for one generation, released when disposed; null when the client already holds its cap.</summary>
    public IDisposable? TryEnter(IPAddress? address)
    {
        var key = ClientWriteLimiter.KeyOf(address);
        if (_cap == 0 || key.Length == 0)
        {
            return NoPlace.Instance;   // off, or a client that cannot be told apart (as for write limits)
        }
        lock (_gate)
        {
            var held = _held.GetValueOrDefault(key);
            if (held >= _cap)
            {
                return null;
            }
            _held[key] = held + 1;
        }
        return new Place(this, key);
    }

    private void Leave(string key)
    {
        lock (_gate)
        {
            // Entries go with their last place: the dictionary holds only clients with a generation now.
            if (_held[key] <= 1)
            {
                _held.Remove(key);
            }
            else
            {
                _held[key]--;
            }
        }
    }

    private sealed class Place(ClientGenerationCap cap, string key) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                cap.Leave(key);
            }
        }
    }

    private sealed class NoPlace : IDisposable
    {
        public static readonly NoPlace Instance = new();

        public void Dispose()
        {
        }
    }
}
