// Load runs measure time and rate: running them side by side on a small machine would measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
