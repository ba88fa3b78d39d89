namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Seeds from <see cref="Random.Shared"/>, or from one seeded sequence shared by every room when a seed is given.</summary>
public sealed class RandomSeedSource(int? seed) : IAiSeedSource
{
    private readonly Random? _seeded = seed is int s ? new Random(s) : null;

    public int NextSeed()
    {
        if (_seeded is null)
        {
            return Random.Shared.Next();
        }
        lock (_seeded)
        {
            return _seeded.Next();
        }
    }
}
