Console.Error.WriteLine("usage: relaynovel-train <tokenizer|train> [options]");
return 2;
