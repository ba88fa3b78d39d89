using System.Text;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// The pickle's bytes and a cursor over them: every read is bounds-checked, so a truncated or lying file ends in a
/// <see cref="CheckpointFormatException"/> that names the file and the byte, never in an index error.
/// </summary>
internal sealed class PickleByteReader(byte[] data, string source)
{
    private int _pos;

    /// <summary>The offset of the next byte to read (error messages cite it).</summary>
    public int Position => _pos;

    public string Source => source;

    public CheckpointFormatException Bad(int at, string what) => new($"{source}: unsupported pickle content at byte {at}: {what}.");

    public byte ReadByte()
    {
        if (_pos >= data.Length) throw Bad(_pos, "the pickle is truncated");
        return data[_pos++];
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _pos + count > data.Length) throw Bad(_pos, "the pickle is truncated");
        var span = data.AsSpan(_pos, count);
        _pos += count;
        return span;
    }

    public string ReadLine()
    {
        var end = Array.IndexOf(data, (byte)'\n', _pos);
        if (end < 0) throw Bad(_pos, "the pickle is truncated");
        var line = Encoding.ASCII.GetString(data, _pos, end - _pos);
        _pos = end + 1;
        return line;
    }

    public long ReadLong1(int at)
    {
        var length = ReadByte();
        if (length > 8) throw Bad(at, "an integer wider than 64 bits");
        var bytes = Take(length);
        long value = 0;
        for (var i = length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0) value -= 1L << (8 * length); // two's complement sign
        return value;
    }
}
