// TEMPORARY compile shim until the onnx helper's CheckpointConverter lands in main. Delete before the final commit.
namespace RelayNovel.Inference.Checkpoints;

public static class CheckpointConverter
{
    public static void Convert(string hfDir, string modelDir) => throw new NotSupportedException("CheckpointConverter has not landed yet.");
}
