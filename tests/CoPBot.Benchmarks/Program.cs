using CoPBot.Benchmarks;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var parsed = BenchArgs.Parse(args);
    return parsed.Scenario switch
    {
        "fanout" => await FanoutScenario.RunAsync(parsed, cancellation.Token),
        "fanout-cluster" => await ClusterScenario.RunAsync(parsed, cancellation.Token),
        "worker" => await ClusterScenario.RunWorkerAsync(parsed, cancellation.Token),
        "inbound" => await InboundScenario.RunAsync(parsed, cancellation.Token),
        "roster" => await RosterScenario.RunAsync(parsed, cancellation.Token),
        "first-request" => await FirstRequestScenario.RunAsync(parsed, cancellation.Token),
        "turn-rate" => await TurnRateScenario.RunAsync(parsed, cancellation.Token),
        _ => throw new UsageException($"Unknown scenario \"{parsed.Scenario}\"."),
    };
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync("""
        Usage: dotnet run -c Release --project tests/CoPBot.Benchmarks -- <scenario> [options]
          fanout         --members 1000 --platform teams|slack|both [--db sqlite|postgres] [--postgres <cs>] [--seed services|bulk] [--slack-open-per-minute 50] [--timeout 1800]
          fanout-cluster --members 1000 --instances 3 --kill-after 5 [--platform teams|slack|both] [--postgres <cs>] [--timeout 1800]
          inbound        --turns 2000 [--db sqlite|postgres] [--concurrency 16] [--users 200] [--postgres <cs>]
          roster         --members 100000 [--db sqlite|postgres] [--queries 200] [--warm-up 5] [--joiners 0 --rounds 20 --count-trigger on|off (postgres)] [--postgres <cs>]
          turn-rate      [--db sqlite|postgres] [--instances 1] [--connections 1,8,64] [--rounds 2] [--seconds 8] [--warm-up 3] [--users 2048] [--echo on|off] [--bot <published folder>] [--postgres <cs>]
          first-request  [--runs 5] [--text help] [--bot Bot/bin/Release/net10.0/CoPBot.Bot.dll]   (build the bot first: dotnet build -c Release Bot)
        PostgreSQL: --postgres or COPBOT_TEST_POSTGRES (a connection string allowed to create databases).
        """);
    return 2;
}
