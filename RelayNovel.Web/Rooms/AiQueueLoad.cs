namespace RelayNovel.Web.Rooms;

/// <summary>The generation queue as a room sees it while its AI cannot get in: how many wait, of how many it holds.</summary>
public sealed record AiQueueLoad(int Waiting, int Capacity);
