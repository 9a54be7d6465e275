"""Guatemala's 22 departments and 340 municipalities, typed in as facts.

Numbering: the official geographic codes of the Instituto Nacional de Estadística
(INE Guatemala), which RENAP also uses in the last four digits of the CUI: two
digits for the department, two for the municipality, the departmental capital
(cabecera) being 01. A department's municipalities are listed below in code
order, so the n-th name has municipality code n. Names are the official Spanish
ones; after "|" follow other names in common use (shorter forms, an older name,
a Maya name), all of which resolve to the same code.

Municipalities created since 2005 take the next free number of their department:
Unión Cantinil (1332, 2005), Raxruhá (1617, 2008), El Chal (1714, 2014), La Blanca
(1230, 2014), San José La Máquina (1021, 2014), Sipacate (0514, 2015) and Petatán
(1333, 2015). The whole list, these codes included, was cross-checked against an
independent public listing of INE codes (November 2026); the totals (340) agree
with the official count. Alternative names marked "(unconfirmed)" are spellings
seen in use whose official status we have not verified; they add search keys only.
"""

from __future__ import annotations

# (department name | aliases, municipality names in code order)
DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Guatemala", (
        "Guatemala|Ciudad de Guatemala|Guatemala City|Ciudad Guatemala|Guate",
        "Santa Catarina Pinula", "San José Pinula", "San José del Golfo", "Palencia",
        "Chinautla", "San Pedro Ayampuc", "Mixco", "San Pedro Sacatepéquez",
        "San Juan Sacatepéquez", "San Raymundo", "Chuarrancho", "Fraijanes", "Amatitlán",
        "Villa Nueva", "Villa Canales", "Petapa|San Miguel Petapa",
    )),
    ("El Progreso", (
        "Guastatoya|El Progreso Guastatoya", "Morazán", "San Agustín Acasaguastlán",
        "San Cristóbal Acasaguastlán", "El Jícaro", "Sansare", "Sanarate",
        "San Antonio La Paz",
    )),
    ("Sacatepéquez", (
        "Antigua Guatemala|Antigua|La Antigua Guatemala", "Jocotenango", "Pastores",
        "Sumpango", "Santo Domingo Xenacoj", "Santiago Sacatepéquez",
        "San Bartolomé Milpas Altas", "San Lucas Sacatepéquez", "Santa Lucía Milpas Altas",
        "Magdalena Milpas Altas", "Santa María de Jesús", "Ciudad Vieja",
        "San Miguel Dueñas", "Alotenango|San Juan Alotenango", "San Antonio Aguas Calientes",
        "Santa Catarina Barahona",
    )),
    ("Chimaltenango", (
        "Chimaltenango", "San José Poaquil", "San Martín Jilotepeque",
        "San Juan Comalapa|Comalapa", "Santa Apolonia", "Tecpán Guatemala|Tecpán", "Patzún",
        "Pochuta|San Miguel Pochuta", "Patzicía", "Santa Cruz Balanyá", "Acatenango",
        "San Pedro Yepocapa|Yepocapa", "San Andrés Itzapa", "Parramos", "Zaragoza",
        "El Tejar",
    )),
    ("Escuintla", (
        "Escuintla", "Santa Lucía Cotzumalguapa", "La Democracia", "Siquinalá", "Masagua",
        "Tiquisate|Pueblo Nuevo Tiquisate", "La Gomera", "Guanagazapa", "San José",
        "Iztapa", "Palín", "San Vicente Pacaya", "Nueva Concepción", "Sipacate",
    )),
    ("Santa Rosa", (
        "Cuilapa", "Barberena", "Santa Rosa de Lima", "Casillas", "San Rafael Las Flores",
        "Oratorio", "San Juan Tecuaco", "Chiquimulilla", "Taxisco", "Santa María Ixhuatán",
        "Guazacapán", "Santa Cruz Naranjo", "Pueblo Nuevo Viñas", "Nueva Santa Rosa",
    )),
    ("Sololá", (
        "Sololá", "San José Chacayá", "Santa María Visitación", "Santa Lucía Utatlán",
        "Nahualá", "Santa Catarina Ixtahuacán", "Santa Clara La Laguna", "Concepción",
        "San Andrés Semetabaj", "Panajachel", "Santa Catarina Palopó", "San Antonio Palopó",
        "San Lucas Tolimán", "Santa Cruz La Laguna", "San Pablo La Laguna",
        "San Marcos La Laguna", "San Juan La Laguna", "San Pedro La Laguna",
        "Santiago Atitlán",
    )),
    ("Totonicapán", (
        "Totonicapán", "San Cristóbal Totonicapán", "San Francisco El Alto",
        "San Andrés Xecul", "Momostenango", "Santa María Chiquimula",
        "Santa Lucía La Reforma", "San Bartolo|San Bartolo Aguas Calientes",
    )),
    ("Quetzaltenango|Quezaltenango", (
        "Quetzaltenango|Quezaltenango|Xela|Xelajú", "Salcajá", "Olintepeque",
        "San Carlos Sija", "Sibilia", "Cabricán", "Cajolá", "San Miguel Sigüilá",
        "San Juan Ostuncalco", "San Mateo", "Concepción Chiquirichapa",
        "San Martín Sacatepéquez", "Almolonga", "Cantel", "Huitán", "Zunil",
        "Colomba|Colomba Costa Cuca", "San Francisco La Unión", "El Palmar", "Coatepeque",
        "Génova|Génova Costa Cuca", "Flores Costa Cuca", "La Esperanza",
        "Palestina de Los Altos",
    )),
    ("Suchitepéquez", (
        "Mazatenango", "Cuyotenango", "San Francisco Zapotitlán", "San Bernardino",
        "San José El Ídolo", "Santo Domingo Suchitepéquez", "San Lorenzo", "Samayac",
        "San Pablo Jocopilas", "San Antonio Suchitepéquez", "San Miguel Panán",
        "San Gabriel", "Chicacao", "Patulul", "Santa Bárbara", "San Juan Bautista",
        "Santo Tomás La Unión", "Zunilito", "Pueblo Nuevo", "Río Bravo",
        "San José La Máquina",
    )),
    ("Retalhuleu", (
        "Retalhuleu", "San Sebastián", "Santa Cruz Muluá", "San Martín Zapotitlán",
        "San Felipe", "San Andrés Villa Seca", "Champerico", "Nuevo San Carlos", "El Asintal",
    )),
    ("San Marcos", (
        "San Marcos", "San Pedro Sacatepéquez", "San Antonio Sacatepéquez", "Comitancillo",
        "San Miguel Ixtahuacán", "Concepción Tutuapa", "Tacaná", "Sibinal", "Tajumulco",
        "Tejutla", "San Rafael Pie de la Cuesta", "Nuevo Progreso", "El Tumbador",
        "El Rodeo|San José El Rodeo", "Malacatán", "Catarina",
        "Ayutla|Tecún Umán|Ciudad Tecún Umán", "Ocós", "San Pablo", "El Quetzal",
        "La Reforma", "Pajapita", "Ixchiguán", "San José Ojetenam", "San Cristóbal Cucho",
        "Sipacapa", "Esquipulas Palo Gordo", "Río Blanco", "San Lorenzo", "La Blanca",
    )),
    ("Huehuetenango", (
        "Huehuetenango|Huehue", "Chiantla", "Malacatancito", "Cuilco", "Nentón",
        "San Pedro Necta", "Jacaltenango", "San Pedro Soloma|Soloma",
        "San Ildefonso Ixtahuacán", "Santa Bárbara", "La Libertad", "La Democracia",
        "San Miguel Acatán", "San Rafael La Independencia", "Todos Santos Cuchumatán",
        "San Juan Atitán", "Santa Eulalia", "San Mateo Ixtatán", "Colotenango",
        "San Sebastián Huehuetenango", "Tectitán", "Concepción Huista", "San Juan Ixcoy",
        "San Antonio Huista", "San Sebastián Coatán", "Santa Cruz Barillas|Barillas",
        "Aguacatán", "San Rafael Petzal", "San Gaspar Ixchil", "Santiago Chimaltenango",
        "Santa Ana Huista", "Unión Cantinil|La Unión Cantinil", "Petatán",
    )),
    ("Quiché|El Quiché", (
        "Santa Cruz del Quiché|Quiché", "Chiché", "Chinique", "Zacualpa", "Chajul",
        "Chichicastenango|Santo Tomás Chichicastenango", "Patzité",
        "San Antonio Ilotenango", "San Pedro Jocopilas", "Cunén", "San Juan Cotzal",
        "Joyabaj", "Nebaj|Santa María Nebaj", "San Andrés Sajcabajá",
        "Uspantán|San Miguel Uspantán", "Sacapulas", "San Bartolomé Jocotenango",
        "Canillá", "Chicamán", "Ixcán|Playa Grande (unconfirmed)", "Pachalum",
    )),
    ("Baja Verapaz", (
        "Salamá", "San Miguel Chicaj", "Rabinal", "Cubulco", "Granados",
        "El Chol|Santa Cruz El Chol (unconfirmed)", "San Jerónimo", "Purulhá",
    )),
    ("Alta Verapaz", (
        "Cobán", "Santa Cruz Verapaz", "San Cristóbal Verapaz", "Tactic", "Tamahú",
        "Tucurú|San Miguel Tucurú", "Panzós", "Senahú|San Antonio Senahú",
        "San Pedro Carchá|Carchá", "San Juan Chamelco|Chamelco", "Lanquín|San Agustín Lanquín",
        "Cahabón|Santa María Cahabón", "Chisec", "Chahal", "Fray Bartolomé de las Casas",
        "Santa Catalina La Tinta|La Tinta", "Raxruhá",
    )),
    ("Petén|El Petén", (
        "Flores", "San José", "San Benito", "San Andrés", "La Libertad", "San Francisco",
        "Santa Ana", "Dolores", "San Luis", "Sayaxché", "Melchor de Mencos", "Poptún",
        "Las Cruces", "El Chal",
    )),
    ("Izabal", ("Puerto Barrios", "Livingston", "El Estor", "Morales", "Los Amates")),
    ("Zacapa", (
        "Zacapa", "Estanzuela", "Río Hondo", "Gualán", "Teculután", "Usumatlán", "Cabañas",
        "San Diego", "La Unión", "Huité", "San Jorge",
    )),
    ("Chiquimula", (
        "Chiquimula", "San José La Arada", "San Juan Ermita|San Juan La Ermita", "Jocotán",
        "Camotán", "Olopa", "Esquipulas", "Concepción Las Minas", "Quezaltepeque",
        "San Jacinto", "Ipala",
    )),
    ("Jalapa", (
        "Jalapa", "San Pedro Pinula", "San Luis Jilotepeque", "San Manuel Chaparrón",
        "San Carlos Alzatate", "Monjas", "Mataquescuintla",
    )),
    ("Jutiapa", (
        "Jutiapa", "El Progreso", "Santa Catarina Mita", "Agua Blanca", "Asunción Mita",
        "Yupiltepeque", "Atescatempa", "Jerez", "El Adelanto", "Zapotitlán", "Comapa",
        "Jalpatagua", "Conguaco", "Moyuta", "Pasaco", "San José Acatempa", "Quesada",
    )),
)  # fmt: skip

# Names by which the country itself is written; a trailing "…, Guatemala" names the state.
COUNTRY_NAMES: tuple[str, ...] = ("Guatemala", "República de Guatemala", "GT", "GTM")
