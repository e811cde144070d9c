using System.Globalization;
using ModelMonitor.StateWriter;

// Usage: ModelMonitor.StateWriter <count> <seed> <output file>
var count = int.Parse(args[0], CultureInfo.InvariantCulture);
var seed = int.Parse(args[1], CultureInfo.InvariantCulture);
var monitor = SeededRecords.Feed(SeededRecords.Records(count, seed));
using var file = File.Create(args[2]);
monitor.WriteState(file);
Console.WriteLine($"{Environment.ProcessId}: wrote {count} records");
