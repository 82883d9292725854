//! Federal states on texts modelled on real news: the gazetteer's municipalities, venues,
//! enumerations of states, commuters and newcomers, URL hints.
