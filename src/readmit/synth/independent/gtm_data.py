"""Guatemala: departments and municipalities, surnames and given names (facts, with sources).

Departments 01–22 and their municipalities in INE/RENAP code order (the code a CUI ends with);
340 municipalities since Sipacate (0514, 2015) and Petatán (1333, 2015); names from the
author's knowledge of the INE list, "official|short|other" where people use a shorter form
(San Pedro Soloma → Soloma, Quetzaltenango → Xela). Department populations: 2018 census
(INE, thousands, rounded).

Surnames: Spanish surnames dominate everywhere; the shares below are the author's estimates
from forebears.io's Guatemala ranking (López, García, Pérez, Hernández, González first; the top
five about 15% of surname slots) — illustrative to ±30%. Mayan-language surnames concentrate in
their language areas: Q'eqchi' (Alta Verapaz: Caal, Choc, Chub, Pop, Xol…), K'iche' (Quiché,
Totonicapán: Tzoc, Tzul, Ixcoy, Ajanel…), Kaqchikel (Chimaltenango: Cúmez, Xicay, Sotz…), Mam
(San Marcos, western Huehuetenango: Bámaca, Tomás, Tuj…), and in northern Huehuetenango
(Q'anjob'al, Chuj, Akatek, Popti') saints' names used as surnames (Pascual, Francisco, Mateo,
Diego, Andrés…), which makes namesakes very common there.
"""

from __future__ import annotations

# code: (name, population in thousands, municipalities in code order)
DEPARTMENTS: dict[str, tuple[str, int, str]] = {
    "01": ("Guatemala", 3015, "Guatemala|Ciudad de Guatemala|Guatemala City, "
           "Santa Catarina Pinula, San José Pinula, San José del Golfo, Palencia, Chinautla, "
           "San Pedro Ayampuc, Mixco, "
           "San Pedro Sacatepéquez, San Juan Sacatepéquez, San Raymundo, Chuarrancho, Fraijanes, "
           "Amatitlán, Villa Nueva, Villa Canales, San Miguel Petapa"),
    "02": ("El Progreso", 176, "Guastatoya, Morazán, San Agustín Acasaguastlán, "
           "San Cristóbal Acasaguastlán, El Jícaro, Sansare, Sanarate, San Antonio La Paz"),
    "03": ("Sacatepéquez", 331, "Antigua Guatemala|Antigua, Jocotenango, Pastores, Sumpango, "
           "Santo Domingo Xenacoj, Santiago Sacatepéquez, San Bartolomé Milpas Altas, "
           "San Lucas Sacatepéquez, Santa Lucía Milpas Altas, Magdalena Milpas Altas, "
           "Santa María de Jesús, Ciudad Vieja, San Miguel Dueñas, Alotenango, "
           "San Antonio Aguas Calientes, Santa Catarina Barahona"),
    "04": ("Chimaltenango", 615, "Chimaltenango, San José Poaquil, San Martín Jilotepeque, "
           "San Juan Comalapa|Comalapa, Santa Apolonia, Tecpán Guatemala|Tecpán, Patzún, "
           "San Miguel Pochuta|Pochuta, Patzicía, Santa Cruz Balanyá, Acatenango, "
           "San Pedro Yepocapa|Yepocapa, San Andrés Itzapa, Parramos, Zaragoza, El Tejar"),
    "05": ("Escuintla", 733, "Escuintla, Santa Lucía Cotzumalguapa, La Democracia, Siquinalá, "
           "Masagua, Tiquisate, La Gomera, Guanagazapa, San José, Iztapa, Palín, "
           "San Vicente Pacaya, Nueva Concepción, Sipacate"),
    "06": ("Santa Rosa", 396, "Cuilapa, Barberena, Santa Rosa de Lima, Casillas, "
           "San Rafael Las Flores, Oratorio, San Juan Tecuaco, Chiquimulilla, Taxisco, "
           "Santa María Ixhuatán, Guazacapán, Santa Cruz Naranjo, Pueblo Nuevo Viñas, "
           "Nueva Santa Rosa"),
    "07": ("Sololá", 421, "Sololá, San José Chacayá, Santa María Visitación, Santa Lucía Utatlán, "
           "Nahualá, Santa Catarina Ixtahuacán, Santa Clara La Laguna, Concepción, "
           "San Andrés Semetabaj, Panajachel, Santa Catarina Palopó, San Antonio Palopó, "
           "San Lucas Tolimán, Santa Cruz La Laguna, San Pablo La Laguna, San Marcos La Laguna, "
           "San Juan La Laguna, San Pedro La Laguna, Santiago Atitlán"),
    "08": ("Totonicapán", 418, "Totonicapán, San Cristóbal Totonicapán, San Francisco El Alto, "
           "San Andrés Xecul, Momostenango, Santa María Chiquimula, Santa Lucía La Reforma, "
           "San Bartolo"),
    "09": ("Quetzaltenango", 800, "Quetzaltenango|Xela|Xelajú, Salcajá, Olintepeque, "
           "San Carlos Sija, Sibilia, Cabricán, Cajolá, San Miguel Sigüilá, "
           "San Juan Ostuncalco|Ostuncalco, San Mateo, Concepción Chiquirichapa, "
           "San Martín Sacatepéquez, Almolonga, Cantel, Huitán, Zunil, Colomba, "
           "San Francisco La Unión, El Palmar, Coatepeque, Génova, Flores Costa Cuca, "
           "La Esperanza, Palestina de Los Altos"),
    "10": ("Suchitepéquez", 554, "Mazatenango, Cuyotenango, San Francisco Zapotitlán, "
           "San Bernardino, San José El Ídolo, Santo Domingo Suchitepéquez, San Lorenzo, "
           "Samayac, San Pablo Jocopilas, San Antonio Suchitepéquez, San Miguel Panán, "
           "San Gabriel, Chicacao, Patulul, Santa Bárbara, San Juan Bautista, "
           "Santo Tomás La Unión, Zunilito, Pueblo Nuevo, Río Bravo, San José La Máquina"),
    "11": ("Retalhuleu", 326, "Retalhuleu, San Sebastián, Santa Cruz Muluá, "
           "San Martín Zapotitlán, San Felipe, San Andrés Villa Seca, Champerico, "
           "Nuevo San Carlos, El Asintal"),
    "12": ("San Marcos", 1032, "San Marcos, San Pedro Sacatepéquez, San Antonio Sacatepéquez, "
           "Comitancillo, San Miguel Ixtahuacán, Concepción Tutuapa, Tacaná, Sibinal, Tajumulco, "
           "Tejutla, San Rafael Pie de la Cuesta, Nuevo Progreso, El Tumbador, El Rodeo, "
           "Malacatán, Catarina, Ayutla|Tecún Umán, Ocós, San Pablo, El Quetzal, La Reforma, "
           "Pajapita, Ixchiguán, San José Ojetenam, San Cristóbal Cucho, Sipacapa, "
           "Esquipulas Palo Gordo, Río Blanco, San Lorenzo, La Blanca"),
    "13": ("Huehuetenango", 1170, "Huehuetenango, Chiantla, Malacatancito, Cuilco, Nentón, "
           "San Pedro Necta, Jacaltenango, San Pedro Soloma|Soloma, "
           "San Ildefonso Ixtahuacán|Ixtahuacán, Santa Bárbara, La Libertad, La Democracia, "
           "San Miguel Acatán, San Rafael La Independencia, Todos Santos Cuchumatán|Todos Santos, "
           "San Juan Atitán, Santa Eulalia, San Mateo Ixtatán, Colotenango, "
           "San Sebastián Huehuetenango, Tectitán, Concepción Huista, San Juan Ixcoy, "
           "San Antonio Huista, San Sebastián Coatán, Santa Cruz Barillas|Barillas, Aguacatán, "
           "San Rafael Petzal, San Gaspar Ixchil, Santiago Chimaltenango, Santa Ana Huista, "
           "Unión Cantinil, Petatán"),
    "14": ("Quiché", 949, "Santa Cruz del Quiché|Quiché, Chiché, Chinique, Zacualpa, Chajul, "
           "Santo Tomás Chichicastenango|Chichicastenango|Chichi, Patzité, "
           "San Antonio Ilotenango, San Pedro Jocopilas, Cunén, San Juan Cotzal|Cotzal, Joyabaj, "
           "Santa María Nebaj|Nebaj, San Andrés Sajcabajá, San Miguel Uspantán|Uspantán, "
           "Sacapulas, San Bartolomé Jocotenango, Canillá, Chicamán, Ixcán, Pachalum"),
    "15": ("Baja Verapaz", 299, "Salamá, San Miguel Chicaj, Rabinal, Cubulco, Granados, "
           "Santa Cruz El Chol|El Chol, San Jerónimo, Purulhá"),
    "16": ("Alta Verapaz", 1215, "Cobán, Santa Cruz Verapaz, San Cristóbal Verapaz, Tactic, "
           "Tamahú, San Miguel Tucurú|Tucurú, Panzós, Senahú, San Pedro Carchá|Carchá, "
           "San Juan Chamelco, Lanquín, Santa María Cahabón|Cahabón, Chisec, Chahal, "
           "Fray Bartolomé de las Casas, Santa Catalina La Tinta|La Tinta, Raxruhá"),
    "17": ("Petén", 545, "Flores, San José, San Benito, San Andrés, La Libertad, San Francisco, "
           "Santa Ana, Dolores, San Luis, Sayaxché, Melchor de Mencos, Poptún, Las Cruces, "
           "El Chal"),
    "18": ("Izabal", 408, "Puerto Barrios, Livingston, El Estor, Morales, Los Amates"),
    "19": ("Zacapa", 245, "Zacapa, Estanzuela, Río Hondo, Gualán, Teculután, Usumatlán, "
           "Cabañas, San Diego, La Unión, Huité, San Jorge"),
    "20": ("Chiquimula", 415, "Chiquimula, San José La Arada, San Juan Ermita, Jocotán, Camotán, "
           "Olopa, Esquipulas, Concepción Las Minas, Quezaltepeque, San Jacinto, Ipala"),
    "21": ("Jalapa", 342, "Jalapa, San Pedro Pinula, San Luis Jilotepeque, "
           "San Manuel Chaparrón, San Carlos Alzatate, Monjas, Mataquescuintla"),
    "22": ("Jutiapa", 488, "Jutiapa, El Progreso, Santa Catarina Mita, Agua Blanca, "
           "Asunción Mita, Yupiltepeque, Atescatempa, Jerez, El Adelanto, Zapotitlán, Comapa, "
           "Jalpatagua, Conguaco, Moyuta, Pasaco, San José Acatempa, Quesada"),
}  # fmt: skip


def municipalities() -> dict[str, list[str]]:
    """4-digit code → names (official first, then short forms)."""
    out: dict[str, list[str]] = {}
    for dept, (_, _, text) in DEPARTMENTS.items():
        for i, entry in enumerate(text.split(", "), start=1):
            out[f"{dept}{i:02d}"] = entry.split("|")
    return out


MUNICIPALITIES = municipalities()

# Emigration to the US is heaviest from the western highlands (Huehuetenango, San Marcos,
# Quiché, Quetzaltenango, Totonicapán) and the capital (IOM/CBP reporting; illustrative).
EMIGRATION: dict[str, float] = {
    "13": 3.0, "12": 2.5, "14": 2.0, "09": 2.0, "08": 1.8, "01": 1.2, "16": 1.3, "04": 1.3,
}  # fmt: skip

# Spanish surnames with shares in percent of surname slots (author's estimates, see above).
SPANISH_SURNAMES = """
López 4.2, García 3.4, Pérez 3.3, Hernández 2.5, González 2.0, Morales 1.8, Rodríguez 1.7,
Ramírez 1.6, Martínez 1.5, Gómez 1.3, Méndez 1.2, Castillo 1.1, Juárez 1.1, Cruz 1.0,
Chávez 1.0, Mejía 0.9, Ramos 0.9, Díaz 0.9, Reyes 0.8, Sánchez 0.8, Vásquez 0.8,
Velásquez 0.8, Estrada 0.7, Ortiz 0.7, Aguilar 0.7, De León 0.6, Santos 0.6, Alvarado 0.6,
Orellana 0.6, Flores 0.6, Jiménez 0.6, Gutiérrez 0.6, Fuentes 0.5, Barrios 0.5, Lima 0.5,
Ruiz 0.5, Marroquín 0.4, Monterroso 0.4, Cifuentes 0.4, Herrera 0.4, Ordóñez 0.4,
Recinos 0.4, Castro 0.4, Rivera 0.4, Mendoza 0.4, Álvarez 0.4, Carrillo 0.3, Contreras 0.3,
Escobar 0.3, Girón 0.3, Solís 0.3, Salazar 0.3, Rosales 0.3, Figueroa 0.3, Ávila 0.3,
Cardona 0.3, Cabrera 0.3, Valdez 0.3, Guzmán 0.3, Torres 0.3, Miranda 0.3, Paz 0.3,
Sandoval 0.3, Maldonado 0.3, Alonzo 0.3, De la Cruz 0.3, Lemus 0.2, Samayoa 0.2,
Mazariegos 0.2, Navarro 0.2, Muñoz 0.2, Soto 0.2, Galindo 0.2, Guerra 0.2, Franco 0.2,
Villatoro 0.2, Argueta 0.2, Tobar 0.2, Pineda 0.2, Portillo 0.2, Morán 0.2, Palacios 0.2,
Oliva 0.2, Coronado 0.2, Ventura 0.2, Quiñónez 0.2, Chacón 0.2, Marín 0.2, Vargas 0.2,
Mérida 0.2, Arévalo 0.2, Bautista 0.2, Escalante 0.2, Godínez 0.2, Roblero 0.2, Ixcot 0.1,
Del Cid 0.1, Del Valle 0.1, Sagastume 0.1, Nájera 0.1, Zepeda 0.1, Cano 0.1, Aldana 0.1,
Barrera 0.1, Calderón 0.1, Cortez 0.1, Duarte 0.1, Espinoza 0.1, Guillén 0.1, Lorenzo 0.1,
Medina 0.1, Montenegro 0.1, Osorio 0.1, Pacheco 0.1, Rojas 0.1, Salguero 0.1, Tello 0.1,
Urrutia 0.1, Villeda 0.1, Zamora 0.1, Zelada 0.1, Acevedo 0.15, Acosta 0.15, Aguirre 0.15,
Alfaro 0.15, Almengor 0.15, Alvizures 0.15, Amaya 0.15, Andrade 0.15, Aquino 0.15, Arana 0.15,
Arce 0.15, Arriaga 0.15, Ayala 0.15, Azurdia 0.15, Barahona 0.15, Barillas 0.15, Batres 0.15,
Beltrán 0.15, Benítez 0.15, Bonilla 0.15, Cáceres 0.15, Campos 0.15, Carías 0.15,
Castañeda 0.15, Cervantes 0.15, Cordón 0.15, Córdova 0.15, Corado 0.15, Cuéllar 0.15,
Dávila 0.15, Dubón 0.15, Echeverría 0.15, Enríquez 0.15, Escobedo 0.15, Fajardo 0.15,
Fernández 0.15, Folgar 0.15, Gálvez 0.15, Gámez 0.15, Garrido 0.15, Gil 0.15, Guerrero 0.15,
Guevara 0.15, Herrarte 0.15, Higueros 0.15, Hurtado 0.15, Interiano 0.15, Izaguirre 0.15,
Lara 0.15, Leal 0.15, Linares 0.15, Lobos 0.15, Lucero 0.15, Luna 0.15, Mancilla 0.15,
Meléndez 0.15, Melgar 0.15, Mendizábal 0.15, Monroy 0.15, Montoya 0.15, Moscoso 0.15,
Najarro 0.15, Noriega 0.15, Ochoa 0.15, Olivares 0.15, Orantes 0.15, Ovalle 0.15, Padilla 0.15,
Peralta 0.15, Polanco 0.15, Prado 0.15, Quevedo 0.15, Quintanilla 0.15, Requena 0.15,
Rivas 0.15, Robles 0.15, Rubio 0.15, Salas 0.15, Salvatierra 0.15, Santizo 0.15, Sierra 0.15,
Solórzano 0.15, Sosa 0.15, Suárez 0.15, Toledo 0.15, Trujillo 0.15, Valenzuela 0.15,
Valle 0.15, Vega 0.15, Véliz 0.15, Villagrán 0.15, Villela 0.15, Zúñiga 0.15
"""

# Mayan-language surnames by language area, most frequent first (Zipf weights).
MAYAN_SURNAMES: dict[str, str] = {
    "qeqchi": "Caal, Choc, Chub, Pop, Xol, Coc, Cuz, Tiul, Maquín, Bol, Ical, Chen, Sacul, Cucul, "
    "Tzi, Botzoc, Pacay, Chiquín, Cac, Quib, Tot, Xo, Yat, Coy, Putul, Sub, Tec, Ac",
    "kiche": "Tzoc, Tzul, Ixcoy, Ajanel, Chanchavac, Quiej, Xiloj, Pú, Sapón, Tzunún, Baquiax, "
    "Yax, Guarchaj, Tum, Batz, Tambriz, Ajtún, Chitic, Ixchop, Lux, Zapeta, Xic, Ajpop, "
    "Itzep, Tojín, Tepaz, Coyoy, Tacam, Tohom, Cutz, Vicente, Us",
    "kaqchikel": "Cúmez, Xicay, Sotz, Bal, Cutzal, Tuyuc, Sipac, Chicol, Simón, Camey, Cuxil, "
    "Boror, Otzoy, Ajquejay, Xinico, Patzán, Chali, Sicán, Tucubal, Curruchiche, Bocel, Yool, "
    "Chiroy, Colaj, Chajón",
    "mam": "Bámaca, Tomás, Tuj, Ambrocio, Roblero, Escalante, Bautista, Domingo, Matías, Gabriel, "
    "Jiménez, Godínez, Maldonado, Vail, Cux",
    "qanjobal": "Pascual, Francisco, Mateo, Diego, Andrés, Juan, Pedro, Gaspar, Sebastián, "
    "Lucas, Tomás, Domingo, Silvestre, Alonzo, Esteban, Miguel, Antonio, Simón, Felipe, Marcos, "
    "Nicolás, Baltazar, Camposeco, Montejo",
}

# Share of Mayan-language surnames among people born in a department, by language area:
# roughly the indigenous share of the department's population (2018 census) — illustrative.
MAYAN_SHARE: dict[str, dict[str, float]] = {
    "16": {"qeqchi": 0.55}, "18": {"qeqchi": 0.2}, "17": {"qeqchi": 0.2},
    "14": {"kiche": 0.5}, "08": {"kiche": 0.6}, "09": {"kiche": 0.2, "mam": 0.1},
    "07": {"kiche": 0.3, "kaqchikel": 0.25}, "04": {"kaqchikel": 0.45}, "03": {"kaqchikel": 0.2},
    "13": {"qanjobal": 0.3, "mam": 0.15}, "12": {"mam": 0.2}, "15": {"kiche": 0.15},
}  # fmt: skip

# Given names, most frequent first. "traditional" dominates older and rural births, "modern"
# (English-sounding names common since the 1990s: Brayan, Kevin, Jefferson, Heidy, Yesenia)
# younger ones. Author's knowledge of Guatemalan naming; illustrative.
GIVEN_NAMES: dict[tuple[str, str], str] = {
    ("M", "traditional"): "José, Juan, Carlos, Luis, Jorge, Miguel, Mario, Pedro, Francisco, "
    "Manuel, Antonio, Santos, Domingo, Diego, Mateo, Gaspar, Andrés, Pascual, Sebastián, Julio, "
    "César, Víctor, Óscar, Hugo, Rafael, Roberto, Sergio, Baltazar, Emilio, Alfredo, Rolando, "
    "Armando, Ricardo, Gustavo, Esteban, Lucas, Tomás, Felipe, Ramiro, Rigoberto, Efraín, "
    "Isaías, Fernando, David, Daniel, Alejandro, Ángel, Edgar, Otto, Rudy",
    ("M", "modern"): "Kevin, Brayan, Erick, Marvin, Byron, Wilson, Elmer, Selvin, Marlon, Nery, "
    "Walter, Fredy, Alex, Anderson, Jefferson, Dany, Mynor, Estuardo, Rony, Wilmer, Cristian, "
    "Josué, Geovany, Henry, Eddy, Abner, Gerson, Jonathan, Yefri, Elder, Edwin, Denis",
    ("F", "traditional"): "María, Ana, Rosa, Marta, Juana, Catarina, Candelaria, Magdalena, "
    "Micaela, Petrona, Manuela, Lucía, Elena, Isabel, Carmen, Josefina, Dora, Aura, Gloria, "
    "Irma, Blanca, Elvia, Floridalma, Olga, Sonia, Silvia, Sandra, Claudia, Lidia, Reyna, "
    "Francisca, Antonia, Dominga, Tomasa, Paula, Olivia, Hilda, Vilma, Thelma, Cristina",
    ("F", "modern"): "Heidy, Karla, Ingrid, Lesly, Mayra, Wendy, Yesenia, Dulce, Brenda, Glenda, "
    "Gladys, Delmy, Evelyn, Jennifer, Katherine, Yoselin, Mildred, Gabriela, Estefany, Andrea, "
    "Alejandra, Marisol, Jaqueline, Ericka, Keyla, Dayana, Madelyn, Astrid",
}

# Single-letter and phonetic spelling variants of Spanish names (for typos): b/v, s/z/c,
# y/i, j/g, h dropped; each is one edit.
SPANISH_VARIANTS = (
    ("v", "b"), ("b", "v"), ("z", "s"), ("s", "z"), ("ce", "se"), ("ci", "si"), ("y", "i"),
    ("ge", "je"), ("gi", "ji"), ("je", "ge"), ("x", "j"), ("ll", "l"),
)  # fmt: skip
