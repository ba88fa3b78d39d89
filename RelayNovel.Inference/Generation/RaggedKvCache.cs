using Microsoft.ML.OnnxRuntime;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// The <see cref="PlainBatchDecoder"/>'s KV cache: one tight <c>[B, heads, W, headDim]</c> buffer per layer and kind,
/// B the rows in use and W the slots every row shares, twice over (past and present take turns). Rows are ragged: a
/// row's tokens sit at the right end of the slots and the slots it does not use are marked free. Logical rows (the
/// caller's numbers) map to physical rows, which stay a dense prefix of the batch: a released row's place is taken by
/// the last row.
/// </summary>
internal sealed class RaggedKvCache
{
    private readonly int _heads;
    private readonly int _headDim;
    private readonly int _capacity;
    private readonly float[][] _cacheA;
    private readonly float[][] _cacheB;
    private readonly bool[][] _slots;          // per physical row: which of the W slots hold its tokens
    private readonly int[] _physical;          // logical row → physical row, -1 when free
    private readonly int[] _logical;           // physical row → logical row
    private readonly int[] _length;            // per logical row
    private bool _aIsPast = true;
    private int _rowsInUse;
    private int _width;

    public RaggedKvCache(int buffers, int heads, int headDim, int rows, int capacity)
    {
        _heads = heads;
        _headDim = headDim;
        _capacity = capacity;
        // Uninitialized: the OS backs only the pages the tight layout touches (rows in use × slots in use).
        var size = (long)rows * _heads * capacity * _headDim;
        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"{rows} rows of {capacity} tokens need more than one array per layer holds; use fewer rows or a smaller capacity.");
        }

        _cacheA = new float[buffers][];
        _cacheB = new float[buffers][];
        for (var i = 0; i < _cacheA.Length; i++)
        {
            _cacheA[i] = GC.AllocateUninitializedArray<float>((int)size);
            _cacheB[i] = GC.AllocateUninitializedArray<float>((int)size);
        }

        _slots = new bool[rows][];
        for (var r = 0; r < rows; r++)
        {
            _slots[r] = new bool[capacity];
        }

        _physical = new int[rows];
        Array.Fill(_physical, -1);
        _logical = new int[rows];
        _length = new int[rows];
    }

    /// <summary>Rows holding tokens: physical rows 0 to this, less one.</summary>
    public int RowsInUse => _rowsInUse;

    /// <summary>Slots every row shares now.</summary>
    public int Width => _width;

    /// <summary>The buffers the next run reads (one per past input).</summary>
    public float[][] Past => _aIsPast ? _cacheA : _cacheB;

    /// <summary>The buffers the next step writes, one slot wider.</summary>
    public float[][] Present => _aIsPast ? _cacheB : _cacheA;

    /// <summary>Tokens a logical row holds.</summary>
    public int Length(int row) => _length[row];

    /// <summary>The physical row of a logical row, -1 when it holds nothing.</summary>
    public int PhysicalOf(int row) => _physical[row];

    /// <summary>Tokens the row at physical row <paramref name="p"/> holds.</summary>
    public int LengthAt(int p) => _length[_logical[p]];

    /// <summary>A physical row's attention mask over the <see cref="Width"/> slots: 1 where it holds a token.</summary>
    public void WriteMask(int p, Span<long> mask)
    {
        for (var s = 0; s < _width; s++)
        {
            mask[s] = _slots[p][s] ? 1 : 0;
        }
    }

    /// <summary>
    /// After a step ran on every physical row: the present becomes the past, one slot wider; the new slot holds a token
    /// for the rows that stepped (<paramref name="stepRowOf"/> ≥ 0) and is a hole for those that sat out.
    /// </summary>
    public void Advance(ReadOnlySpan<int> stepRowOf)
    {
        var w = _width;
        _aIsPast = !_aIsPast;
        _width = w + 1;
        for (var p = 0; p < stepRowOf.Length; p++)
        {
            var stepped = stepRowOf[p] >= 0;
            _slots[p][w] = stepped;
            if (stepped)
            {
                _length[_logical[p]]++;
            }
        }
    }

    /// <summary>Writes a row's whole cache (<paramref name="total"/> tokens, tight) right-aligned into the batch.</summary>
    public void Place(int row, int total, OrtValue[] present)
    {
        if (total > _width)
        {
            Relayout(total, keepHoles: true);
        }

        var p = _physical[row] >= 0 ? _physical[row] : AddPhysical(row);
        var past = Past;
        var offset = _width - total;
        for (var i = 0; i < past.Length; i++)
        {
            var source = present[i].GetTensorDataAsSpan<float>();
            var target = past[i].AsSpan();
            for (var h = 0; h < _heads; h++)
            {
                // Masked slots still meet the values (weight 0 × value): they must hold numbers, not stale NaNs.
                target.Slice(((p * _heads) + h) * _width * _headDim, offset * _headDim).Clear();
                source.Slice(h * total * _headDim, total * _headDim)
                    .CopyTo(target.Slice((((p * _heads) + h) * _width + offset) * _headDim, total * _headDim));
            }
        }

        Array.Clear(_slots[p], 0, offset);
        Array.Fill(_slots[p], true, offset, total);
        _length[row] = total;
    }

    /// <summary>Copies a row's tokens in past buffer <paramref name="buffer"/> (its masked slots left out) into <paramref name="target"/> as <c>[heads, length, headDim]</c>.</summary>
    public void Gather(int buffer, int row, float[] target)
    {
        var p = _physical[row];
        var source = Past[buffer];
        var length = _length[_logical[p]];
        for (var h = 0; h < _heads; h++)
        {
            var k = 0;
            for (var s = 0; s < _width; s++)
            {
                if (_slots[p][s])
                {
                    Array.Copy(source, (((long)(p * _heads) + h) * _width + s) * _headDim, target, ((h * length) + k) * _headDim, _headDim);
                    k++;
                }
            }
        }
    }

    /// <summary>Copies a filled row into a free one (same tokens, same slots).</summary>
    public void Fork(int source, int target)
    {
        var from = _physical[source];
        var to = AddPhysical(target);
        var block = _heads * _width * _headDim;
        foreach (var buffer in Past)
        {
            Array.Copy(buffer, (long)from * block, buffer, (long)to * block, block);
        }

        Array.Copy(_slots[from], _slots[to], _width);
        _length[target] = _length[source];
    }

    /// <summary>Frees a row (nothing when it holds nothing).</summary>
    public void Release(int row)
    {
        var p = _physical[row];
        if (p < 0)
        {
            return;
        }

        var last = _rowsInUse - 1;
        if (p != last)
        {
            // The last row moves into the hole, so the rows in use stay a dense prefix of the batch.
            var block = _heads * _width * _headDim;
            foreach (var buffer in Past)
            {
                Array.Copy(buffer, (long)last * block, buffer, (long)p * block, block);
            }

            Array.Copy(_slots[last], _slots[p], _width);
            _logical[p] = _logical[last];
            _physical[_logical[p]] = p;
        }

        _physical[row] = -1;
        _length[row] = 0;
        _rowsInUse--;
        if (_rowsInUse == 0)
        {
            _width = 0;
        }
    }

    /// <summary>Drops every row's holes: the new width is the longest row's length.</summary>
    public void Compact()
    {
        var longest = 0;
        for (var p = 0; p < _rowsInUse; p++)
        {
            longest = Math.Max(longest, _length[_logical[p]]);
        }

        if (longest >= _capacity)
        {
            throw new InvalidOperationException($"A row holds {_capacity} tokens, the capacity; it must be released before the batch can step again.");
        }

        Relayout(longest, keepHoles: false);
    }

    private int AddPhysical(int row)
    {
        var p = _rowsInUse++;
        _physical[row] = p;
        _logical[p] = row;
        Array.Clear(_slots[p], 0, _width);
        return p;
    }

    /// <summary>
    /// Lays every row out at a new width in the other buffer, right-aligned, then makes that buffer the past.
    /// Widening keeps the slots as they are (shifted right); compacting keeps only the slots a row uses.
    /// </summary>
    private void Relayout(int width, bool keepHoles)
    {
        var from = Past;
        var to = Present;
        var slots = new bool[width];
        var moves = new List<(int From, int To)>(_width);
        for (var p = 0; p < _rowsInUse; p++)
        {
            Array.Clear(slots);
            moves.Clear();
            var k = keepHoles ? width - _width : width - _length[_logical[p]];
            for (var s = 0; s < _width; s++)
            {
                if (keepHoles || _slots[p][s])
                {
                    slots[k] = _slots[p][s];
                    moves.Add((s, k++));
                }
            }

            for (var i = 0; i < from.Length; i++)
            {
                for (var h = 0; h < _heads; h++)
                {
                    var source = ((long)(p * _heads) + h) * _width;
                    var target = ((long)(p * _heads) + h) * width;
                    Array.Clear(to[i], (int)(target * _headDim), moves.Count > 0 ? moves[0].To * _headDim : width * _headDim);
                    foreach (var (s, t) in moves)
                    {
                        Array.Copy(from[i], (source + s) * _headDim, to[i], (target + t) * _headDim, _headDim);
                    }
                }
            }

            Array.Copy(slots, _slots[p], width);
        }

        _aIsPast = !_aIsPast;
        _width = width;
    }
}
