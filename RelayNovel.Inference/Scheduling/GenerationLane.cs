namespace RelayNovel.Inference.Scheduling;

/// <summary>Who asks: rooms are admitted first and have rows of the engine that the open API never takes.</summary>
public enum GenerationLane
{
    Room,
    Api,
}
