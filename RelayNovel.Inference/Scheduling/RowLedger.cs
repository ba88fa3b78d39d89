namespace RelayNovel.Inference.Scheduling;

/// <summary>
/// The engine's rows: how many there are, how many are reserved for rooms, and how many each lane holds. Changes
/// happen under the <see cref="BatchScheduler"/>'s lock; the counts read without it (gauges) are volatile reads.
/// </summary>
internal sealed class RowLedger(int rows, int reserved)
{
    private int _rows = rows;
    private int _reserved = reserved;
    private int _inUse;
    private int _apiInUse;

    /// <summary>Rows the engine decodes together.</summary>
    public int Rows => Volatile.Read(ref _rows);

    /// <summary>Rows the open API never takes.</summary>
    public int Reserved => Volatile.Read(ref _reserved);

    /// <summary>Rows taken by running requests, every lane.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>The engine's real size, known once its decoder exists.</summary>
    public void Resize(int rows, int reserved)
    {
        _rows = rows;
        _reserved = reserved;
    }

    /// <summary>True when a request of <paramref name="lane"/> needs more rows than that lane can ever have.</summary>
    public bool NeverFits(GenerationLane lane, int need) => need > (lane == GenerationLane.Room ? _rows : _rows - _reserved);

    /// <summary>True when <paramref name="need"/> rows are free now for <paramref name="lane"/> (the API within the rows not reserved for rooms).</summary>
    public bool Fits(GenerationLane lane, int need)
    {
        var free = _rows - _inUse;
        return lane == GenerationLane.Room
            ? need <= free
            : need <= free && _apiInUse + need <= _rows - _reserved;
    }

    public void Take(GenerationLane lane, int rows)
    {
        _inUse += rows;
        if (lane == GenerationLane.Api)
        {
            _apiInUse += rows;
        }
    }

    public void Return(GenerationLane lane, int rows)
    {
        _inUse -= rows;
        if (lane == GenerationLane.Api)
        {
            _apiInUse -= rows;
        }
    }
}
