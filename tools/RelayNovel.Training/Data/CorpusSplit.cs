using System.Security.Cryptography;
using System.Text;

namespace RelayNovel.Training.Data;

/// <summary>
/// Reproducible train/validation split by work: titles are ordered by a salted SHA-256 of their
/// normalised form and taken for validation until the share is reached. All copies of a title go
/// to the same side, and very long works stay in training so the held-out set spans many works.
/// </summary>
internal sealed class CorpusSplit
{
    private CorpusSplit(IReadOnlyList<CorpusWork> train, IReadOnlyList<CorpusWork> validation)
    {
        Train = train;
        Validation = validation;
    }

    public IReadOnlyList<CorpusWork> Train { get; }

    public IReadOnlyList<CorpusWork> Validation { get; }

    public static CorpusSplit Create(IReadOnlyList<CorpusWork> works, double validationShare = 0.05, int maxWorkChars = 60_000, string salt = "relaynovel-split-1")
    {
        var groups = works.GroupBy(w => w.TitleKey)
            .Select(g => (Key: g.Key, Works: g.ToList(), Chars: g.Sum(w => w.Chars)))
            .OrderBy(g => Hash(salt + "|" + g.Key), StringComparer.Ordinal)
            .ToList();
        long total = works.Sum(w => (long)w.Chars), taken = 0;
        var heldOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            if (taken >= validationShare * total)
            {
                break;
            }

            if (g.Works.Max(w => w.Chars) <= maxWorkChars)
            {
                heldOut.Add(g.Key);
                taken += g.Chars;
            }
        }

        // Keep manifest order inside each side so the token streams are stable.
        return new CorpusSplit(
            works.Where(w => !heldOut.Contains(w.TitleKey)).ToList(),
            works.Where(w => heldOut.Contains(w.TitleKey)).ToList());
    }

    /// <summary>The held-out list shipped with the model (one work per line).</summary>
    public string DescribeValidation() =>
        "# Held-out works (never trained on): path\ttitle\tauthor\tchars\n" +
        string.Concat(Validation.Select(w => $"{w.RelativePath}\t{w.Title}\t{w.Author}\t{w.Chars}\n"));

    private static string Hash(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
