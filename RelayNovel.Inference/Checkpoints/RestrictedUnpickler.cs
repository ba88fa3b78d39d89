using System.Buffers.Binary;
using System.Text;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// A pickle reader for the <c>data.pkl</c> of a <c>torch.save</c>d state dict that never executes anything:
/// it knows only the opcodes such a file uses, and GLOBAL may name only OrderedDict, the tensor-rebuild
/// helpers and the typed storage classes. Anything else — os.system, builtins.eval, NEWOBJ, BUILD on an
/// unknown object — stops the load with a <see cref="CheckpointFormatException"/>.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private static readonly Dictionary<string, string> StorageDtypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = "F32", ["HalfStorage"] = "F16", ["BFloat16Storage"] = "BF16", ["DoubleStorage"] = "F64",
        ["LongStorage"] = "I64", ["IntStorage"] = "I32", ["ShortStorage"] = "I16", ["CharStorage"] = "I8",
        ["ByteStorage"] = "U8", ["BoolStorage"] = "BOOL",
    };

    private static readonly HashSet<string> AllowedGlobals = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
    };

    private readonly PickleByteReader _reader;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];

    private RestrictedUnpickler(byte[] data, string source) => _reader = new PickleByteReader(data, source);

    /// <summary>Reads a pickled state dict: tensor name → tensor view.</summary>
    public static IReadOnlyList<(string Name, TensorRef Tensor)> ReadStateDict(byte[] pickle, string source)
    {
        var root = new RestrictedUnpickler(pickle, source).Run();
        if (root is not PickleDict dict)
        {
            throw new CheckpointFormatException($"{source}: the pickle holds a {Describe(root)}, not a state dict of tensors.");
        }

        var result = new List<(string, TensorRef)>();
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name || value is not TensorRef tensor)
            {
                throw new CheckpointFormatException(
                    $"{source}: the state dict entry '{key}' is a {Describe(value)}; only name → tensor entries are accepted.");
            }

            result.Add((name, tensor));
        }

        return result;
    }

    private object? Run()
    {
        while (true)
        {
            var at = _reader.Position;
            var op = _reader.ReadByte();
            switch (op)
            {
                case 0x80: _reader.ReadByte(); break; // PROTO
                case 0x95: _reader.Take(8); break; // FRAME
                case (byte)'.': // STOP
                    if (_stack.Count != 1) throw Bad(at, "the pickle ended with a malformed stack");
                    return _stack[0];
                case (byte)'(': _marks.Push(_stack.Count); break; // MARK
                case (byte)'0': Pop(at); break; // POP
                case (byte)'1': PopMark(at); break; // POP_MARK
                case (byte)'2': Push(Peek(at)); break; // DUP
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(_reader.Take(4))); break;
                case (byte)'K': Push((long)_reader.ReadByte()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(_reader.Take(2))); break;
                case 0x8a: Push(_reader.ReadLong1(at)); break; // LONG1
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(_reader.Take(8))); break; // BINFLOAT
                case (byte)'X': Push(Encoding.UTF8.GetString(_reader.Take(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(_reader.Take(4)))))); break;
                case 0x8c: Push(Encoding.UTF8.GetString(_reader.Take(_reader.ReadByte()))); break; // SHORT_BINUNICODE
                case (byte)'T': Push(Encoding.Latin1.GetString(_reader.Take(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(_reader.Take(4)))))); break;
                case (byte)'U': Push(Encoding.Latin1.GetString(_reader.Take(_reader.ReadByte()))); break; // SHORT_BINSTRING
                case (byte)'B': Push(_reader.Take(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(_reader.Take(4)))).ToArray()); break;
                case (byte)'C': Push(_reader.Take(_reader.ReadByte()).ToArray()); break; // SHORT_BINBYTES
                case (byte)')': Push(new PickleTuple([])); break;
                case (byte)'t': Push(new PickleTuple(PopMark(at).ToArray())); break;
                case 0x85: Push(new PickleTuple([Pop(at)])); break;
                case 0x86: { var b = Pop(at); var a = Pop(at); Push(new PickleTuple([a, b])); break; }
                case 0x87: { var c = Pop(at); var b = Pop(at); var a = Pop(at); Push(new PickleTuple([a, b, c])); break; }
                case (byte)']': Push(new List<object?>()); break;
                case (byte)'a': { var v = Pop(at); List(at).Add(v); break; }
                case (byte)'e': { var items = PopMark(at); List(at).AddRange(items); break; }
                case (byte)'}': Push(new PickleDict()); break;
                case (byte)'s': { var v = Pop(at); var k = Pop(at); Dict(at).Items.Add(new(k, v)); break; }
                case (byte)'u':
                {
                    var items = PopMark(at);
                    if (items.Count % 2 != 0) throw Bad(at, "SETITEMS has an odd number of items");
                    var dict = Dict(at);
                    for (var i = 0; i < items.Count; i += 2) dict.Items.Add(new(items[i], items[i + 1]));
                    break;
                }

                case (byte)'q': _memo[_reader.ReadByte()] = Peek(at); break; // BINPUT
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(_reader.Take(4))] = Peek(at); break; // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(at); break; // MEMOIZE
                case (byte)'h': Push(Memo(at, _reader.ReadByte())); break; // BINGET
                case (byte)'j': Push(Memo(at, BinaryPrimitives.ReadUInt32LittleEndian(_reader.Take(4)))); break; // LONG_BINGET
                case (byte)'c': Push(Global(at, _reader.ReadLine(), _reader.ReadLine())); break; // GLOBAL
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop(at) as string;
                    var module = Pop(at) as string;
                    if (module is null || name is null) throw Bad(at, "STACK_GLOBAL needs two strings");
                    Push(Global(at, module, name));
                    break;
                }

                case (byte)'Q': Push(PersistentId(at, Pop(at))); break; // BINPERSID
                case (byte)'R': { var args = Pop(at); var callable = Pop(at); Push(Reduce(at, callable, args)); break; }
                case (byte)'b': // BUILD
                {
                    var state = Pop(at);
                    // OrderedDict carries the state dict's _metadata (per-module versions) as attribute state; we need none of it.
                    if (Peek(at) is not PickleDict) throw Bad(at, $"BUILD on a {Describe(Peek(at))} is not part of a plain state dict");
                    _ = state;
                    break;
                }

                default:
                    throw Bad(at, $"opcode 0x{op:x2} ('{(char)op}') is not used by a plain state dict and is refused");
            }
        }
    }

    private object Global(int at, string module, string name)
    {
        var full = $"{module}.{name}";
        if (AllowedGlobals.Contains(full) || (module == "torch" && StorageDtypes.ContainsKey(name)))
        {
            return new PickleGlobal(module, name);
        }

        throw new CheckpointFormatException(
            $"{_reader.Source}: the pickle refers to '{full}' (at byte {at}), which a plain PyTorch state dict never needs. " +
            "Refusing to load it: in PyTorch, loading this file could run code. Convert trusted checkpoints to model.safetensors instead.");
    }

    private StorageRef PersistentId(int at, object? pid)
    {
        // torch.save's persistent id: ('storage', storage type, key, location, element count).
        if (pid is PickleTuple { Items: [string kind, PickleGlobal type, string key, string, long count] }
            && kind == "storage" && type.Module == "torch" && StorageDtypes.TryGetValue(type.Name, out var dtype))
        {
            if (count < 0 || key.Contains('/') || key.Contains('\\') || key.Contains("..", StringComparison.Ordinal))
            {
                throw Bad(at, $"storage '{key}' has a malformed key or size");
            }

            return new StorageRef(dtype, key, count);
        }

        throw Bad(at, $"persistent id {Describe(pid)} is not a torch storage reference");
    }

    private object? Reduce(int at, object? callable, object? args)
    {
        if (callable is not PickleGlobal global || args is not PickleTuple tuple)
        {
            throw Bad(at, $"REDUCE of {Describe(callable)} is refused");
        }

        switch (global.FullName)
        {
            case "collections.OrderedDict" when tuple.Items.Length == 0:
                return new PickleDict();
            case "torch._utils._rebuild_tensor_v2"
                when tuple.Items is [StorageRef storage, long offset, PickleTuple size, PickleTuple stride, bool, ..] && tuple.Items.Length <= 7:
                return PickledTensorView.Rebuild(storage, offset, size, stride, what => Bad(at, what));
            case "torch._utils._rebuild_parameter" when tuple.Items is [TensorRef data, bool, ..]:
                return data;
            default:
                throw Bad(at, $"calling {global.FullName} with {Describe(args)} is not part of a plain state dict and is refused");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        PickleGlobal g => g.FullName,
        PickleTuple t => $"tuple of {t.Items.Length}",
        PickleDict => "dict",
        TensorRef => "tensor",
        StorageRef => "storage",
        List<object?> => "list",
        string s => $"string '{s}'",
        _ => value.GetType().Name,
    };

    private CheckpointFormatException Bad(int at, string what) => _reader.Bad(at, what);

    private void Push(object? value) => _stack.Add(value);

    private object? Peek(int at) => _stack.Count > 0 ? _stack[^1] : throw Bad(at, "the stack is empty");

    private object? Pop(int at)
    {
        var value = Peek(at);
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopMark(int at)
    {
        if (_marks.Count == 0) throw Bad(at, "no MARK to pop to");
        var mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private List<object?> List(int at) => Peek(at) as List<object?> ?? throw Bad(at, "APPEND needs a list");

    private PickleDict Dict(int at) => Peek(at) as PickleDict ?? throw Bad(at, "SETITEM needs a dict");

    private object? Memo(int at, long key) => _memo.TryGetValue(key, out var value) ? value : throw Bad(at, $"memo entry {key} is missing");
}
