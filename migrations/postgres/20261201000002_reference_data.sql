-- Reference data (issue 6): the main insurers of the Brazilian market and the SUSEP ramos a
-- brokerage sells, so a new installation can register policies at once. Admins edit, add and
-- deactivate them at /admin/seguradoras and /admin/ramos.
--
-- Insurers: razão social, CNPJ and código SUSEP/FIP as SUSEP's company list gives them (SES,
-- LISTAEMPRESAS.csv: CodigoFIP;NomeEntidade;CNPJ); every CNPJ passes its check digits. Liberty
-- Seguros S.A. is now Yelum Seguros S.A. (same CNPJ and code). SulAmérica is its life company
-- (its health plans are ANS products, outside SUSEP).
--
-- Ramos: codes and names as SUSEP's ramo table lists them (SES, Ses_ramos.csv; groups of
-- Circular SUSEP 535/2016, replaced by 682/2022): group 09 = pessoas coletivo, 13 = individual.
-- IOF in hundredths of a percent (Decreto 6.339/2008): 7,38% for auto and damage lines, 0,38%
-- for life, personal accident (APP included) and travel. No health ramo: health plans are ANS
-- products without a current SUSEP code. Auto popular (0526) is in run-off, so inactive.

INSERT INTO insurers (name, legal_name, cnpj, susep_code) VALUES
    ('Allianz', 'Allianz Seguros S.A.', '61573796000166', '05177'),
    ('Azul Seguros', 'Azul Companhia de Seguros Gerais', '33448150000111', '05355'),
    ('Bradesco Auto/RE', 'Bradesco Auto/RE Companhia de Seguros', '92682038000100', '05312'),
    ('Caixa Seguradora', 'Caixa Seguradora S.A.', '34020354000110', '05631'),
    ('HDI Seguros', 'HDI Seguros S.A.', '29980158000157', '06572'),
    ('Itaú Auto e Residência', 'Itaú Seguros de Auto e Residência S.A.', '08816067000100', '03182'),
    ('Mapfre', 'Mapfre Seguros Gerais S.A.', '61074175000138', '06238'),
    ('Mitsui Sumitomo', 'Mitsui Sumitomo Seguros S.A.', '33016221000107', '06602'),
    ('Porto Seguro', 'Porto Seguro Companhia de Seguros Gerais', '61198164000160', '05886'),
    ('Sompo Seguros', 'Sompo Seguros S.A.', '61383493000180', '05720'),
    ('Suhai Seguradora', 'Suhai Seguradora S.A.', '16825255000123', '04952'),
    ('SulAmérica', 'Sul América Seguros de Pessoas e Previdência S.A.', '01704513000146', '06220'),
    ('Tokio Marine', 'Tokio Marine Seguradora S.A.', '33164021000100', '06190'),
    ('Yelum', 'Yelum Seguros S.A.', '61550141000172', '05185'),
    ('Youse', 'Youse Seguradora S.A.', '24856160000103', '01121'),
    ('Zurich', 'Zurich Minas Brasil Seguros S.A.', '17197385000121', '05495');

INSERT INTO insurance_lines (susep_code, name, family, iof_rate, active) VALUES
    ('0112', 'Assistência – bens em geral', 'outros', 738, TRUE),
    ('0114', 'Compreensivo residencial', 'residencial', 738, TRUE),
    ('0116', 'Compreensivo condomínio', 'residencial', 738, TRUE),
    ('0118', 'Compreensivo empresarial', 'empresarial', 738, TRUE),
    ('0141', 'Lucros cessantes', 'empresarial', 738, TRUE),
    ('0167', 'Riscos de engenharia', 'empresarial', 738, TRUE),
    ('0171', 'Riscos diversos', 'outros', 738, TRUE),
    ('0196', 'Riscos nomeados e operacionais', 'empresarial', 738, TRUE),
    ('0310', 'RC de administradores e diretores (D&O)', 'rc', 738, TRUE),
    ('0313', 'RC riscos ambientais', 'rc', 738, TRUE),
    ('0327', 'Compreensivo riscos cibernéticos', 'rc', 738, TRUE),
    ('0351', 'RC geral', 'rc', 738, TRUE),
    ('0378', 'RC profissional', 'rc', 738, TRUE),
    ('0520', 'Acidentes pessoais de passageiros (APP)', 'auto', 38, TRUE),
    ('0524', 'Garantia estendida – auto', 'auto', 738, TRUE),
    ('0525', 'Carta Verde', 'auto', 738, TRUE),
    ('0526', 'Auto popular (em run-off)', 'auto', 738, FALSE),
    ('0531', 'Automóvel – casco', 'auto', 738, TRUE),
    ('0542', 'Assistência e outras coberturas – auto', 'auto', 738, TRUE),
    ('0553', 'RC facultativa de veículos (RCF-V)', 'auto', 738, TRUE),
    ('0936', 'Perda do certificado de habilitação de voo (PCHV) – coletivo', 'outros', 38, TRUE),
    ('0969', 'Viagem – coletivo', 'viagem', 38, TRUE),
    ('0980', 'Educacional – coletivo', 'vida', 38, TRUE),
    ('0982', 'Acidentes pessoais – coletivo', 'vida', 38, TRUE),
    ('0993', 'Vida em grupo', 'vida', 38, TRUE),
    ('1336', 'Perda do certificado de habilitação de voo (PCHV) – individual', 'outros', 38, TRUE),
    ('1369', 'Viagem – individual', 'viagem', 38, TRUE),
    ('1380', 'Educacional – individual', 'vida', 38, TRUE),
    ('1381', 'Acidentes pessoais – individual', 'vida', 38, TRUE),
    ('1391', 'Vida individual', 'vida', 38, TRUE);
