using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace RelayNovel.Tests.Checkpoints;

/// <summary>
/// Writes a pytorch_model.bin the way torch.save does (zip with archive/data.pkl, archive/data/N,
/// archive/version, archive/byteorder; pickle protocol 2 with memoised globals and OrderedDict state),
/// so the restricted reader is tested against the real layout without needing Python.
/// </summary>
public sealed class TorchCheckpointWriter
{
    private readonly MemoryStream _pickle = new();
    private readonly Dictionary<string, byte> _memo = [];
    private byte _nextSlot;
    private string _storageType = "FloatStorage";
    private IReadOnlyDictionary<string, long>? _declaredCounts;

    /// <summary>A tensor entry: a view (offset, shape, stride) onto storage <paramref name="StorageKey"/>.</summary>
    public sealed record Entry(string Name, string StorageKey, long Offset, int[] Shape, long[] Stride);

    /// <summary>Writes a state dict whose storages are float arrays keyed "0", "1", ….</summary>
    /// <param name="asHalf">Store the storages as torch.HalfStorage (fp16), as a half-precision checkpoint does.</param>
    /// <param name="declaredCounts">Element counts to declare for some storages instead of their real length (hostile files).</param>
    public static void Write(string path, IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, float[]> storages,
        bool withMetadata = true, bool asHalf = false, IReadOnlyDictionary<string, long>? declaredCounts = null)
    {
        var writer = new TorchCheckpointWriter { _storageType = asHalf ? "HalfStorage" : "FloatStorage", _declaredCounts = declaredCounts };
        var pickle = writer.StateDictPickle(entries, storages, withMetadata);
        WriteZip(path, pickle, storages.ToDictionary(s => s.Key, s => asHalf
            ? MemoryMarshal.AsBytes(s.Value.Select(v => (Half)v).ToArray().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(s.Value.AsSpan()).ToArray()));
    }

    /// <summary>Writes a zip in the torch.save layout around arbitrary pickle bytes (for hostile pickles).</summary>
    public static void WriteZip(string path, byte[] pickle, IReadOnlyDictionary<string, byte[]> storages)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, byte[] data)
        {
            using var stream = zip.CreateEntry("archive/" + name, CompressionLevel.NoCompression).Open();
            stream.Write(data);
        }

        Add("data.pkl", pickle);
        foreach (var (key, bytes) in storages) Add("data/" + key, bytes);
        Add("version", Encoding.ASCII.GetBytes("3\n"));
        Add("byteorder", Encoding.ASCII.GetBytes("little"));
    }

    /// <summary>Pickle of <c>GLOBAL module\nname\n</c> ( args ) REDUCE STOP: what an attacker would write.</summary>
    public static byte[] CallPickle(string module, string name, string argument)
    {
        var w = new TorchCheckpointWriter();
        w.Op(0x80, 2);
        w.Ascii($"c{module}\n{name}\n");
        w.Op((byte)'(');
        w.Unicode(argument);
        w.Op((byte)'t', (byte)'R', (byte)'.');
        return w._pickle.ToArray();
    }

    private byte[] StateDictPickle(IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, float[]> storages, bool withMetadata)
    {
        Op(0x80, 2);
        Global("collections", "OrderedDict");
        Op((byte)')', (byte)'R');
        Put();
        Op((byte)'(');
        foreach (var entry in entries)
        {
            Unicode(entry.Name);
            Global("torch._utils", "_rebuild_tensor_v2");
            Op((byte)'(');
            // Persistent id: ('storage', torch.FloatStorage, key, 'cpu', numel), then BINPERSID.
            Op((byte)'(');
            Unicode("storage");
            Global("torch", _storageType);
            Unicode(entry.StorageKey);
            Unicode("cpu");
            Int(_declaredCounts?.GetValueOrDefault(entry.StorageKey) is > 0 and var declared ? declared : storages[entry.StorageKey].Length);
            Op((byte)'t', (byte)'Q');
            Int(entry.Offset);
            Tuple(entry.Shape.Select(d => (long)d));
            Tuple(entry.Stride);
            Op(0x89); // requires_grad False
            Global("collections", "OrderedDict");
            Op((byte)')', (byte)'R');
            Op((byte)'t', (byte)'R');
        }

        Op((byte)'u');
        if (withMetadata)
        {
            // state_dict()'s _metadata attribute, pickled as OrderedDict state and applied with BUILD.
            Op((byte)'}');
            Unicode("_metadata");
            Global("collections", "OrderedDict");
            Op((byte)')', (byte)'R', (byte)'(');
            Unicode("");
            Op((byte)'}');
            Unicode("version");
            Int(1);
            Op((byte)'s', (byte)'u', (byte)'s', (byte)'b');
        }

        Op((byte)'.');
        return _pickle.ToArray();
    }

    private void Tuple(IEnumerable<long> values)
    {
        Op((byte)'(');
        foreach (var v in values) Int(v);
        Op((byte)'t');
    }

    private void Global(string module, string name)
    {
        // Pickle memoises each global once and fetches it again with BINGET, as torch.save's output does.
        var key = module + "." + name;
        if (_memo.TryGetValue(key, out var slot))
        {
            Op((byte)'h', slot);
            return;
        }

        Ascii($"c{module}\n{name}\n");
        _memo[key] = Put();
    }

    private byte Put()
    {
        var slot = _nextSlot++;
        Op((byte)'q', slot);
        return slot;
    }

    private void Int(long value)
    {
        if (value is >= 0 and < 256) Op((byte)'K', (byte)value);
        else if (value is >= 0 and < 65536) Op((byte)'M', (byte)value, (byte)(value >> 8));
        else if (value is >= int.MinValue and <= int.MaxValue) Op((byte)'J', (byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24));
        else
        {
            // LONG1: pickle's arbitrary-width integer, here eight little-endian two's-complement bytes.
            Op(0x8a, 8);
            _pickle.Write(BitConverter.GetBytes(value));
        }
    }

    private void Unicode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Op((byte)'X');
        _pickle.Write(BitConverter.GetBytes((uint)bytes.Length));
        _pickle.Write(bytes);
    }

    private void Ascii(string text) => _pickle.Write(Encoding.ASCII.GetBytes(text));

    private void Op(params byte[] bytes) => _pickle.Write(bytes);
}
