namespace RelayNovel.Web.Rooms;

/// <summary>Where an AI turn stands: waiting in the generation queue, being written, or written and about to commit.</summary>
public enum AiStreamState { Queued, Streaming, Finished }
