# Dump the rings of Natural Earth countries50 (rnaturalearthdata) near the map area as text.
# Each ring: a header line "R<TAB>ISO<TAB>name<TAB>ring|hole<TAB>n" and a line of "lon,lat" pairs.
suppressMessages(library(sp))
s <- rnaturalearthdata::countries50
d <- s@data
cat("cols:", paste(names(d)[1:12], collapse=","), "\n")
out <- file("countries50.txt", "w")
for (i in seq_along(s@polygons)) {
  bb <- bbox(s@polygons[[i]])
  if (bb[1,2] < 15 || bb[1,1] > 150 || bb[2,2] < 30 || bb[2,1] > 82) next
  iso <- as.character(d$adm0_a3[i]); nm <- as.character(d$name[i])
  for (p in s@polygons[[i]]@Polygons) {
    cc <- p@coords
    writeLines(paste("R", iso, nm, ifelse(p@hole, "hole", "ring"), nrow(cc), sep="\t"), out)
    writeLines(paste(sprintf("%.5f", cc[,1]), sprintf("%.5f", cc[,2]), sep=",", collapse=" "), out)
  }
}
close(out)
cat(as.character(packageVersion("rnaturalearthdata")), "\n")
