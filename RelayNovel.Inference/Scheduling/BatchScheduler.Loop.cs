using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    /// <summary>The engine's one loop: admit, prefill one piece, step every running row, hand out tokens, repeat.</summary>
    private sealed class EngineLoop(BatchScheduler owner, IBatchDecoder decoder, HfTokenizer tokenizer, Gpt2Config config, string provider)
    {
        private readonly Stack<int> _freeRows = new(Enumerable.Range(0, decoder.MaxRows).Reverse());
        private readonly float[] _firstLogits = new float[decoder.VocabSize];
        private int[] _stepRows = [];
        private int[] _stepTokens = [];

        public void Run(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Admit();
                Reap();
                if (Volatile.Read(ref owner._paused) > 0 || (owner._prefilling.Count == 0 && owner._running.Count == 0))
                {
                    try
                    {
                        owner._signal.Wait(stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    continue;
                }

                if (owner._prefilling.Count > 0)
                {
                    PrefillPiece(owner._prefilling[0]);
                }

                if (owner._running.Count > 0)
                {
                    Step(stoppingToken);
                }
            }
        }

        /// <summary>Shutdown: whatever runs or waits ends as cancelled.</summary>
        public void EndAll()
        {
            foreach (var p in owner._prefilling.ToArray())
            {
                ReleaseRows(p.Ticket, p.Rows);
                p.Ticket.EndAll();
            }

            owner._prefilling.Clear();
            foreach (var r in owner._running.ToArray())
            {
                Finish(r, string.Empty, FinishReason.Cancelled);
            }

            lock (owner._gate)
            {
                owner._line.EndAll();
            }
        }

        private void Admit()
        {
            while (owner.TakeNext(out var moves, out var tooBig) is { } ticket)
            {
                owner.Notify(moves);
                if (tooBig)
                {
                    ticket.EndAll(new InvalidOperationException(
                        $"{ticket.Request.Alternatives.Count} alternatives need as many rows; the engine has {owner.Rows} ({owner._ledger.Reserved} reserved for rooms)."));
                    continue;
                }

                var rows = new int[ticket.Request.Alternatives.Count];
                for (var i = 0; i < rows.Length; i++)
                {
                    rows[i] = _freeRows.Pop();
                }

                var prompt = ticket.Prompt.Length == 0 ? [config.BosTokenId] : ticket.Prompt;
                if (prompt.Length >= decoder.Capacity || prompt.Any(id => (uint)id >= (uint)config.VocabSize))
                {
                    ReleaseRows(ticket, rows);
                    ticket.EndAll(new ArgumentException(prompt.Length >= decoder.Capacity
                        ? $"The prompt is {prompt.Length} tokens; a row holds {decoder.Capacity} including at least one new token."
                        : $"The prompt has a token id outside the model's vocabulary of {config.VocabSize}."));
                    continue;
                }

                owner.Report(ticket, 0);
                owner._prefilling.Add(new PrefillingRequest(ticket, rows));
            }
        }

        /// <summary>Cancelled requests leave at once: their rows are free before the next step.</summary>
        private void Reap()
        {
            for (var i = owner._prefilling.Count - 1; i >= 0; i--)
            {
                var p = owner._prefilling[i];
                if (p.Ticket.IsCancellationRequested)
                {
                    owner._prefilling.RemoveAt(i);
                    ReleaseRows(p.Ticket, p.Rows);
                    for (var a = 0; a < p.Rows.Length; a++)
                    {
                        p.Ticket.Write(a, new TokenChunk(string.Empty, [], p.Clock.Elapsed, FinishReason.Cancelled));
                    }

                    p.Ticket.EndAll();
                }
            }

            foreach (var r in owner._running.ToArray())
            {
                if (r.Ticket.IsCancellationRequested)
                {
                    Finish(r, string.Empty, FinishReason.Cancelled);
                }
            }
        }

        private void PrefillPiece(PrefillingRequest p)
        {
            var prompt = p.Ticket.Prompt.Length == 0 ? [config.BosTokenId] : p.Ticket.Prompt;
            var piece = Math.Min(owner._options.PrefillChunkTokens, prompt.Length - p.Done);
            ReadOnlySpan<float> logits;
            try
            {
                logits = decoder.Prefill(p.Rows[0], prompt.AsSpan(p.Done, piece), p.Ticket.Token);
            }
            catch (OperationCanceledException)
            {
                return;   // Reap frees it on the next turn
            }
            catch (Exception ex)
            {
                owner._prefilling.Remove(p);
                ReleaseRows(p.Ticket, p.Rows);
                owner.LogFailed(ex, p.Ticket.Key);
                p.Ticket.EndAll(ex);
                return;
            }

            p.Done += piece;
            if (p.Done < prompt.Length)
            {
                return;
            }

            owner._prefilling.Remove(p);
            logits.CopyTo(_firstLogits);
            GenerationMetrics.FirstToken(p.Clock.Elapsed, provider);
            for (var a = 1; a < p.Rows.Length; a++)
            {
                decoder.Fork(p.Rows[0], p.Rows[a]);   // one prefill, K rows
            }

            for (var a = 0; a < p.Rows.Length; a++)
            {
                var run = new GenerationRun(tokenizer, config, decoder.Capacity, prompt, p.Ticket.Request.Alternatives[a]);
                var running = new RunningAlternative(p.Ticket, a, p.Rows[a], run, p.Clock);
                owner._running.Add(running);
                Accept(running, run.Sample(_firstLogits));
            }
        }

        private void Step(CancellationToken stoppingToken)
        {
            var count = owner._running.Count;
            if (_stepRows.Length < count)
            {
                _stepRows = new int[decoder.MaxRows];
                _stepTokens = new int[decoder.MaxRows];
            }

            var batch = owner._running.ToArray();
            for (var i = 0; i < count; i++)
            {
                _stepRows[i] = batch[i].Row;
                _stepTokens[i] = batch[i].Next;
            }

            ReadOnlySpan<float> logits;
            try
            {
                logits = decoder.Step(_stepRows.AsSpan(0, count), _stepTokens.AsSpan(0, count), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                owner.LogFailed(ex, batch[0].Ticket.Key);
                foreach (var r in batch)
                {
                    owner._running.Remove(r);
                    decoder.Release(r.Row);
                    _freeRows.Push(r.Row);
                    owner.ReturnRows(r.Ticket, 1);
                    r.Ticket.End(r.Alternative, ex);
                }

                return;
            }

            var steps = Interlocked.Increment(ref owner._steps);
            for (var i = 0; i < count; i++)
            {
                Accept(batch[i], batch[i].Run.Sample(logits.Slice(i * decoder.VocabSize, decoder.VocabSize)));
            }

            owner.StepObserver?.Invoke(steps);
        }

        private void Accept(RunningAlternative r, int token)
        {
            GenerationMetrics.Token(provider);
            r.Ticket.CountToken();
            var (text, finish) = r.Run.Accept(token, r.Ticket.IsCancellationRequested ? new CancellationToken(true) : CancellationToken.None);
            if (finish != FinishReason.None)
            {
                Finish(r, text, finish);
                return;
            }

            if (text.Length > 0)
            {
                r.Ticket.Write(r.Alternative, r.Run.Chunk(text, r.Clock.Elapsed));
            }

            r.Next = token;
        }

        private void Finish(RunningAlternative r, string text, FinishReason finish)
        {
            owner._running.Remove(r);
            decoder.Release(r.Row);
            _freeRows.Push(r.Row);
            owner.ReturnRows(r.Ticket, 1);
            r.Ticket.Write(r.Alternative, r.Run.Finish(text, finish, r.Clock.Elapsed));
            r.Ticket.End(r.Alternative);
            owner.Wake();   // a row is free: the next turn admits whoever waits
        }

        private void ReleaseRows(BatchTicket ticket, int[] rows)
        {
            foreach (var row in rows)
            {
                decoder.Release(row);
                _freeRows.Push(row);
            }

            owner.ReturnRows(ticket, rows.Length);
        }
    }
}
