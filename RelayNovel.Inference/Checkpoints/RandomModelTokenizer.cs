using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// A tokenizer.json of the KoGPT2 kind (NFKC, Metaspace ▁, BPE without merges) for random models:
/// special tokens at the config's bos/eos/pad ids, then ▁, printable ASCII and Hangul syllables until
/// the model's vocabulary is full, so every id the tokenizer can produce exists in the model.
/// </summary>
internal sealed class RandomModelTokenizer
{
    private RandomModelTokenizer(string json, int tokenCount)
    {
        Json = json;
        TokenCount = tokenCount;
    }

    public string Json { get; }

    public int TokenCount { get; }

    public static RandomModelTokenizer Create(Gpt2Config config)
    {
        var specials = new SortedDictionary<int, string> { [config.EosTokenId] = "</s>" };
        specials.TryAdd(config.BosTokenId, "<s>");
        specials.TryAdd(config.PadTokenId, "<pad>");
        var specialList = new List<string>();
        for (var id = 0; id <= specials.Keys.Max(); id++)
        {
            specialList.Add(specials.TryGetValue(id, out var token) ? token : $"<unused{id}>");
        }

        specialList.Add("<unk>");
        var characters = new List<string> { "▁" };
        for (var c = 0x21; c <= 0x7E; c++) characters.Add(((char)c).ToString());
        for (var c = 0xAC00; c <= 0xD7A3; c++) characters.Add(((char)c).ToString());

        var vocab = specialList.Concat(characters).Take(config.VocabSize).ToList();
        if (vocab.Count < specialList.Count + 1)
        {
            throw new CheckpointFormatException(
                $"vocab_size {config.VocabSize} is too small for a tokenizer with {specialList.Count} special tokens and ▁.");
        }

        return new RandomModelTokenizer(TokenizerJsonWriter.ToJson(specialList, vocab, [], "<unk>"), vocab.Count);
    }
}
