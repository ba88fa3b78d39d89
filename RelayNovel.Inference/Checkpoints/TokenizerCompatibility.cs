using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// Checks, before anything is written, that a tokenizer.json can drive the model: the app's own tokenizer
/// must load it, and every id it can produce must exist in the model's vocabulary. Otherwise the model
/// folder could never be used, so the conversion is refused up front.
/// </summary>
internal static class TokenizerCompatibility
{
    /// <returns>The tokenizer's vocabulary size (largest id + 1).</returns>
    public static int Check(string tokenizerPath, Gpt2Config config)
    {
        HfTokenizer tokenizer;
        try
        {
            tokenizer = HfTokenizer.Load(tokenizerPath);
        }
        catch (TokenizerFormatException ex)
        {
            throw new CheckpointFormatException(
                $"RelayNovel cannot use this checkpoint's tokenizer, so conversion is refused: {ex.Message} " +
                "RelayNovel reads KoGPT2-style tokenizers (BPE with NFKC and a Metaspace ▁ pre-tokenizer).", ex);
        }

        if (tokenizer.VocabSize > config.VocabSize)
        {
            throw new CheckpointFormatException(
                $"'{tokenizerPath}' has ids up to {tokenizer.VocabSize - 1}, but the model's vocab_size is {config.VocabSize}; the tokenizer does not fit this model.");
        }

        return tokenizer.VocabSize;
    }
}
