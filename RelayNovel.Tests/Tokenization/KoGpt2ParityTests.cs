using System.Text;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>Every reference vector from HF tokenizers must come out identical: ids and decoded text.</summary>
public sealed class KoGpt2ParityTests
{
    [SharedDataFact(ReferenceVector.VectorsPath)]
    public void Encode_EveryReferenceVector_GivesTheReferenceIds()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var vectors = ReferenceVector.LoadAll();
        var mismatches = new StringBuilder();
        var matched = 0;
        for (var i = 0; i < vectors.Count; i++)
        {
            var actual = tokenizer.Encode(vectors[i].Text);
            if (actual.SequenceEqual(vectors[i].Ids))
            {
                matched++;
                continue;
            }

            var tokens = actual.Select(id => tokenizer.IdToToken(id));
            mismatches.AppendLine($"#{i} {Show(vectors[i].Text)}")
                .AppendLine($"  expected {string.Join(' ', vectors[i].Tokens)}")
                .AppendLine($"  actual   {string.Join(' ', tokens)}");
        }

        Assert.True(matched == vectors.Count, $"{matched}/{vectors.Count} vectors gave the reference ids.\n{mismatches}");
    }

    [SharedDataFact(ReferenceVector.VectorsPath)]
    public void Decode_EveryReferenceVector_GivesTheReferenceText()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var vectors = ReferenceVector.LoadAll();
        var mismatches = new StringBuilder();
        var matched = 0;
        for (var i = 0; i < vectors.Count; i++)
        {
            var actual = tokenizer.Decode(vectors[i].Ids);
            if (actual == vectors[i].Decoded)
            {
                matched++;
                continue;
            }

            mismatches.AppendLine($"#{i} expected {Show(vectors[i].Decoded)} actual {Show(actual)}");
        }

        Assert.True(matched == vectors.Count, $"{matched}/{vectors.Count} vectors decoded to the reference text.\n{mismatches}");
    }

    [SharedDataFact(ReferenceVector.VectorsPath)]
    public void Tokens_EveryReferenceVector_AreTheReferenceTokenStrings()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var wrong = ReferenceVector.LoadAll()
            .SelectMany(v => v.Ids.Zip(v.Tokens))
            .Where(pair => tokenizer.IdToToken(pair.First) != pair.Second || tokenizer.TokenToId(pair.Second) != pair.First)
            .Select(pair => $"{pair.First}:{Show(pair.Second)}")
            .Distinct()
            .ToList();

        Assert.True(wrong.Count == 0, $"Id/token pairs that disagree with the reference: {string.Join(", ", wrong)}");
    }

    [SharedDataFact(ReferenceVector.VectorsPath)]
    public void Encode_ManyThreadsOnAFreshTokenizer_GiveTheReferenceIds()
    {
        // Rooms share one tokenizer; its word cache fills from several threads at once.
        var tokenizer = HfTokenizer.Load(SharedData.Find(ReferenceVector.TokenizerPath)!);
        var vectors = ReferenceVector.LoadAll();
        var work = Enumerable.Range(0, 4).SelectMany(_ => vectors).ToList();
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, vector =>
        {
            if (!tokenizer.Encode(vector.Text).SequenceEqual(vector.Ids))
            {
                wrong.Add(Show(vector.Text));
            }
        });

        Assert.True(wrong.IsEmpty, $"Wrong ids under concurrency for: {string.Join(", ", wrong.Distinct())}");
    }

    private static string Show(string text)
    {
        var shown = new StringBuilder("\"");
        foreach (var rune in (text.Length > 80 ? text[..80] + "…" : text).EnumerateRunes())
        {
            shown.Append(Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029 or 0xA0 or 0x200B ? $"\\u{rune.Value:X4}" : rune.ToString());
        }

        return shown.Append('"').ToString();
    }
}
