namespace RelayNovel.Inference.Generation;

/// <summary>A model folder's name (MODEL_CARD.md's title, else the folder's) and context length, read without loading the model.</summary>
public sealed record ModelDescription(string Name, int ContextLength)
{
    /// <summary>
    /// A few small reads (the model card and config.json) after the same folder and config checks as
    /// <see cref="Gpt2Generator.Load"/>, throwing the same <see cref="ModelLoadException"/>: pages show the model's name
    /// while a large model is still loading.
    /// </summary>
    public static ModelDescription Read(string modelDir)
    {
        var folder = ModelFolder.Peek(modelDir);
        return new ModelDescription(folder.Name, folder.LoadConfig().NPositions);
    }
}
