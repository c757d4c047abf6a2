Console.WriteLine("meshdock");
