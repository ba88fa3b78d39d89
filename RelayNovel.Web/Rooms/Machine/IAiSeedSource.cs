namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Where AI seeds come from: random in production, a seeded sequence when the options fix one (tests, replays).</summary>
public interface IAiSeedSource
{
    int NextSeed();
}
