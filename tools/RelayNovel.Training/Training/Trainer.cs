using System.Diagnostics;
using System.Globalization;
using RelayNovel.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RelayNovel.Training.Training;

/// <summary>
/// The training loop: AdamW (no decay on biases/LayerNorm/embeddings of positions), warm-up + cosine,
/// gradient clipping, periodic validation and checkpoints, and a graceful stop at the time budget,
/// on Ctrl+C/SIGTERM or when a file named STOP appears in the run folder.
/// </summary>
internal sealed class Trainer : IDisposable
{
    private readonly TrainOptions _o;
    private readonly string _runDir;
    private readonly int[] _train;
    private readonly int[] _validation;
    private readonly long _validationChars;
    private readonly AdamW _optimizer;
    private readonly Action<string> _log;
    private volatile bool _stopRequested;

    public Trainer(TrainOptions options, ModelConfig config, string runDir, int[] train, int[] validation, long validationChars, Action<string>? log = null)
    {
        _o = options;
        _runDir = runDir;
        _train = train;
        _validation = validation;
        _validationChars = validationChars;
        _log = log ?? Console.WriteLine;
        torch.set_num_threads(options.Threads);
        torch.manual_seed(options.Seed);
        Model = new Gpt2LmHeadModel(config);
        var named = Model.named_parameters().ToList();
        // Decay only the matrices; biases and LayerNorm gains stay free, as in GPT-2/nanoGPT.
        var decay = named.Where(p => p.parameter.dim() >= 2).Select(p => p.parameter).ToList();
        var noDecay = named.Where(p => p.parameter.dim() < 2).Select(p => p.parameter).ToList();
        _optimizer = torch.optim.AdamW(
            [new AdamW.ParamGroup(decay, new AdamW.Options { weight_decay = options.WeightDecay }),
             new AdamW.ParamGroup(noDecay, new AdamW.Options { weight_decay = 0.0 })],
            lr: options.LearningRate, beta1: 0.9, beta2: 0.95, eps: 1e-8);
        State = new RunState(0, 0, 0, null, null);
    }

    public Gpt2LmHeadModel Model { get; }

    public RunState State { get; private set; }

    public string CheckpointDir => Path.Combine(_runDir, "checkpoint");

    public void RequestStop() => _stopRequested = true;

    public bool TryResume()
    {
        if (RunState.Load(CheckpointDir) is not { } state)
        {
            return false;
        }

        Model.load(Path.Combine(CheckpointDir, "model.dat"));
        _optimizer.load_state_dict(Path.Combine(CheckpointDir, "optimizer.dat"));
        State = state;
        _log($"resumed at step {state.Step}, {state.ElapsedSeconds / 60:F1} min trained");
        return true;
    }

    /// <summary>Trains until MaxSteps, the time budget or <paramref name="untilStep"/>; returns the last training loss.</summary>
    public float Run(long? untilStep = null)
    {
        var sampler = new BatchSampler(_train, _o.Context, _o.Batch, _o.Seed);
        var clock = Stopwatch.StartNew();
        double startElapsed = State.ElapsedSeconds, lastCheckpoint = 0, lastEval = 0, windowStart = 0;
        long windowTokens = 0;
        float lastLoss = float.NaN, lossSum = 0;
        var lossCount = 0;
        using var metrics = new StreamWriter(Path.Combine(_runDir, "metrics.csv"), append: true);
        Model.train();
        while (!_stopRequested && !File.Exists(Path.Combine(_runDir, "STOP")))
        {
            var elapsed = startElapsed + clock.Elapsed.TotalSeconds;
            if ((_o.MaxSteps is { } max && State.Step >= max) || (_o.MaxSteps is null && elapsed >= _o.BudgetMinutes * 60) || State.Step >= untilStep)
            {
                break;
            }

            var lr = LrSchedule.At(_o, State.Step, elapsed);
            foreach (var group in _optimizer.ParamGroups)
            {
                group.LearningRate = lr;
            }

            lastLoss = Step(sampler);
            lossSum += lastLoss;
            lossCount++;
            windowTokens += (long)_o.Batch * _o.Context;
            State = State with { Step = State.Step + 1, TokensSeen = State.TokensSeen + ((long)_o.Batch * _o.Context), ElapsedSeconds = startElapsed + clock.Elapsed.TotalSeconds };

            if (State.Step % _o.LogEverySteps == 0)
            {
                var now = clock.Elapsed.TotalSeconds;
                var tps = windowTokens / Math.Max(1e-9, now - windowStart);
                var eta = _o.MaxSteps is { } m ? (m - State.Step) * (now - windowStart) / _o.LogEverySteps : (_o.BudgetMinutes * 60) - State.ElapsedSeconds;
                _log(string.Create(CultureInfo.InvariantCulture,
                    $"step {State.Step} | loss {lossSum / lossCount:F4} | lr {lr:E2} | {tps:F0} tok/s | {State.ElapsedSeconds / 60:F1} min | ETA {eta / 60:F1} min"));
                metrics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train,{State.Step},{State.ElapsedSeconds:F1},{lossSum / lossCount:F5},{lr:E3}"));
                metrics.Flush();
                windowStart = now;
                windowTokens = 0;
                lossSum = 0;
                lossCount = 0;
            }

            if (clock.Elapsed.TotalSeconds - lastEval >= _o.EvalMinutes * 60)
            {
                Validate(metrics);
                lastEval = clock.Elapsed.TotalSeconds;
            }

            if (clock.Elapsed.TotalSeconds - lastCheckpoint >= _o.CheckpointMinutes * 60)
            {
                SaveCheckpoint();
                lastCheckpoint = clock.Elapsed.TotalSeconds;
            }
        }

        Validate(metrics);
        SaveCheckpoint();
        return lastLoss;
    }

    /// <summary>One optimiser step; dropout is seeded per step so a resumed run repeats it exactly.</summary>
    public float Step(BatchSampler sampler)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(_o.Seed + (State.Step * 7919));
        var (x, y) = sampler.Batch(State.Step);
        _optimizer.zero_grad();
        var loss = Model.Loss(x, y);
        loss.backward();
        torch.nn.utils.clip_grad_norm_(Model.parameters(), _o.GradClip);
        _optimizer.step();
        return loss.item<float>();
    }

    public (double Loss, double BitsPerChar) Validate(StreamWriter? metrics = null)
    {
        var (nats, tokens) = Evaluator.Evaluate(Model, _validation, _o.Context, _o.Batch * 2, _o.EvalMaxTokens);
        // A partial pass scales the characters by the share of tokens it covered.
        var chars = _validationChars * (tokens / (double)Math.Max(1, _validation.Length - 1));
        var loss = nats / tokens;
        var bpc = Evaluator.BitsPerChar(nats, (long)Math.Round(chars));
        State = State with { LastValidationLoss = loss, LastBitsPerChar = bpc };
        _log(string.Create(CultureInfo.InvariantCulture,
            $"validation step {State.Step} | loss {loss:F4} | ppl {Math.Exp(loss):F2} | {bpc:F4} bits/char over {tokens} tokens"));
        metrics?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"val,{State.Step},{State.ElapsedSeconds:F1},{loss:F5},{bpc:F5}"));
        metrics?.Flush();
        return (loss, bpc);
    }

    public void SaveCheckpoint()
    {
        // Write beside, then swap, so a kill during the save never leaves a half checkpoint.
        var temp = CheckpointDir + ".tmp";
        Directory.CreateDirectory(temp);
        Model.save(Path.Combine(temp, "model.dat"));
        _optimizer.save_state_dict(Path.Combine(temp, "optimizer.dat"));
        State.Save(temp);
        var old = CheckpointDir + ".old";
        if (Directory.Exists(old))
        {
            Directory.Delete(old, true);
        }

        if (Directory.Exists(CheckpointDir))
        {
            Directory.Move(CheckpointDir, old);
        }

        Directory.Move(temp, CheckpointDir);
        _log($"checkpoint saved at step {State.Step}");
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
    }
}
