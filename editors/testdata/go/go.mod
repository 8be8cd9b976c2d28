module example.com/summarizer

go 1.22
