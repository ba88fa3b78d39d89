namespace RelayNovel.Training.Export;

/// <summary>A named float32 tensor as it goes in or out of a checkpoint file.</summary>
internal sealed record WeightTensor(string Name, long[] Shape, float[] Data);
