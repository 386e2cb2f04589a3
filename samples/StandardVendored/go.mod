module example.org/hsb/estuary-ferries

go 1.20

require example.org/hsb/ferry-theme v1.4.0
