"""Lists of residential areas, agencies, enterprises and schools under a commune, from and to Excel
or CSV: a template, a preview with every problem by row, the import in one step, the export."""
